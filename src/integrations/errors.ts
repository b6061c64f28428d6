/** One input field that failed validation, and the rule it broke. */
export interface ValidationIssue {
  /** Dotted path of the field in the input, for example `notifications.emails.1`. */
  field: string;
  /** The rule, with the rejected value when that value is not secret. */
  message: string;
}

/** Input that the store rejected before touching the database. */
export class IntegrationValidationError extends Error {
  constructor(readonly issues: ValidationIssue[]) {
    super(`Invalid integration: ${issues.map((issue) => `${issue.field} ${issue.message}`).join('; ')}`);
    this.name = 'IntegrationValidationError';
  }
}

export class IntegrationNotFoundError extends Error {
  constructor(readonly integrationId: string) {
    super(`Integration ${integrationId} not found: list the integrations to find its current id.`);
    this.name = 'IntegrationNotFoundError';
  }
}

/**
 * A stored token that cannot be decrypted. The message names the integration
 * and the key id, never the token or the key.
 */
export class TokenDecryptionError extends Error {
  constructor(
    readonly integrationId: string,
    readonly keyId: string | undefined,
    reason: string,
  ) {
    super(`The token of integration ${integrationId} cannot be decrypted: ${reason}`);
    this.name = 'TokenDecryptionError';
  }
}

/** A database schema that does not match this build's migrations. */
export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}
