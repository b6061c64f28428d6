/** Context of one failed Iconik call, without the credentials that made it. */
export interface IconikCallContext {
  method: string;
  /** The path template, for example `files/v1/assets/{asset_id}/files/`, so ids of other objects stay out of messages. */
  endpoint: string;
  host: string;
}

/** Base class of every error the Iconik client raises; `retryable` is true when a later attempt can succeed. */
export abstract class IconikError extends Error {
  abstract readonly retryable: boolean;

  constructor(
    message: string,
    readonly call: IconikCallContext,
    readonly status: number | undefined,
    readonly iconikMessage: string | undefined,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Iconik rejected the request body or parameters (400). */
export class IconikBadRequestError extends IconikError {
  readonly retryable = false;
}

/** The App ID and token pair is unknown, revoked or belongs to a disabled user (401 on the token check). */
export class IconikAuthenticationError extends IconikError {
  readonly retryable = false;
}

/**
 * A valid token whose user lacks the role an endpoint needs. Iconik responds
 * with 403, and on some endpoints with 401.
 */
export class IconikPermissionError extends IconikError {
  readonly retryable = false;

  constructor(
    message: string,
    call: IconikCallContext,
    status: number,
    iconikMessage: string | undefined,
    /** The role id the endpoint needs, for example `can_write_files`, when the endpoint is in the role table. */
    readonly requiredRole: string | undefined,
  ) {
    super(message, call, status, iconikMessage);
  }
}

/** The object does not exist (404). */
export class IconikNotFoundError extends IconikError {
  readonly retryable = false;
}

/** Iconik kept responding 429 or 5xx, or could not be reached, after every retry. */
export class IconikUnavailableError extends IconikError {
  readonly retryable = true;
}

/** A response that is not the JSON shape the client expects. */
export class IconikResponseError extends IconikError {
  readonly retryable = false;
}
