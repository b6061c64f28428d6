import { setTimeout as sleep } from 'node:timers/promises';
import { request, type Dispatcher } from 'undici';
import type { z } from 'zod';
import type { Logger } from '../logging/logger';
import { fillTemplate, type Endpoint } from './endpoints';
import {
  IconikAuthenticationError,
  IconikBadRequestError,
  IconikNotFoundError,
  IconikPermissionError,
  IconikResponseError,
  IconikUnavailableError,
  type IconikCallContext,
} from './errors';
import { parseRetryAfter, retryableStatuses, retryDelayMs, type RetryPolicy } from './retry';
import type { Throttle } from './throttle';

export interface TransportOptions {
  /** Iconik's origin, for example https://app.iconik.io; `/API/` is appended. */
  baseUrl: string;
  appId: string;
  authToken: string;
  throttle: Throttle;
  retry: RetryPolicy;
  logger: Logger;
  dispatcher?: Dispatcher;
  /** Aborts in-flight requests and retry waits, for example when Temporal cancels an activity. */
  signal?: AbortSignal;
  requestTimeoutMs?: number;
}

export interface Call<T> {
  endpoint: Endpoint;
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  schema: z.ZodType<T>;
}

/** The status, headers and body of one HTTP exchange, before they are judged. */
interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * Sends Iconik API calls. It adds the credential headers, waits for the App
 * ID's throttle, and retries 429, 502, 503, 504 and connection errors with
 * backoff. Every other failure becomes a typed error that names the endpoint
 * but never the token.
 */
export class IconikTransport {
  readonly host: string;
  private readonly apiBase: string;

  constructor(private readonly options: TransportOptions) {
    const url = new URL(options.baseUrl);
    this.host = url.host;
    // Accept a base URL given with Iconik's /API suffix, as Iconik's docs print it.
    this.apiBase = `${url.origin}${url.pathname.replace(/\/+$/, '').replace(/\/API$/i, '')}/API/`;
  }

  async send<T>(call: Call<T>): Promise<T> {
    const { endpoint } = call;
    if (endpoint.method === 'DELETE' && endpoint.template.startsWith('auth/v1/auth/token')) {
      // DELETE on the token endpoint revokes the integration's token.
      throw new Error('the Iconik client never sends DELETE to the token endpoint, because that revokes the token');
    }
    const context: IconikCallContext = { method: endpoint.method, endpoint: endpoint.template, host: this.host };
    const url = this.buildUrl(call);
    const answer = await this.exchangeWithRetries(url, call, context);
    return this.judge(answer, call, context);
  }

  private buildUrl(call: Call<unknown>): string {
    const url = new URL(fillTemplate(call.endpoint.template, call.params ?? {}), this.apiBase);
    for (const [name, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    return url.toString();
  }

  private async exchangeWithRetries(url: string, call: Call<unknown>, context: IconikCallContext): Promise<RawAnswer> {
    const { retry, logger, throttle, signal } = this.options;
    for (let attempt = 1; ; attempt++) {
      await throttle.acquire();
      let answer: RawAnswer | undefined;
      let failure: unknown;
      try {
        answer = await this.exchange(url, call.endpoint.method, call.body);
      } catch (error) {
        if (signal?.aborted) throw error;
        failure = error;
      }

      const remaining = answer === undefined ? undefined : header(answer, 'ratelimit-remaining');
      if (remaining !== undefined && Number(remaining) <= 0) throttle.pause(1_000);

      if (answer !== undefined && !retryableStatuses.has(answer.status)) return answer;
      // A POST creates an object each time it is processed. After a dropped
      // connection, a 502 or a 504 Iconik may have processed it, so only the
      // caller, which can look for the object first, may try again.
      if (call.endpoint.method === 'POST' && (answer === undefined || answer.status === 502 || answer.status === 504)) {
        throw new IconikUnavailableError(
          `Iconik at ${context.host} ${answer === undefined ? `could not be reached (${describeCause(failure)})` : `responded ${answer.status}`} for ${context.method} ${context.endpoint}; it may have processed the request, so look for the object before creating it again.`,
          context,
          answer?.status,
          answer === undefined ? describeCause(failure) : iconikMessage(answer.text),
        );
      }
      if (attempt >= retry.maxAttempts) {
        throw new IconikUnavailableError(
          answer === undefined
            ? `Iconik at ${context.host} could not be reached for ${context.method} ${context.endpoint} after ${attempt} attempts: ${describeCause(failure)}. Check the base URL and the network, then retry.`
            : `Iconik at ${context.host} responded ${answer.status} to ${context.method} ${context.endpoint} on all ${attempt} attempts; retry later.`,
          context,
          answer?.status,
          answer === undefined ? describeCause(failure) : iconikMessage(answer.text),
        );
      }

      const retryAfter = answer === undefined ? undefined : parseRetryAfter(header(answer, 'retry-after'));
      const delay = retryDelayMs(retry, attempt, retryAfter);
      logger.warn(
        { endpoint: context.endpoint, method: context.method, status: answer?.status, cause: answer ? undefined : describeCause(failure), attempt, delayMs: delay },
        'Iconik call failed, retrying',
      );
      await sleep(delay, undefined, { signal });
    }
  }

  private async exchange(url: string, method: Endpoint['method'], jsonBody?: unknown): Promise<RawAnswer> {
    const { appId, authToken, dispatcher, signal, requestTimeoutMs = 60_000 } = this.options;
    const headers: Record<string, string> = { 'App-ID': appId, 'Auth-Token': authToken, Accept: 'application/json' };
    let body: string | undefined;
    if (jsonBody !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(jsonBody);
    }
    const response = await request(url, {
      method,
      headers,
      body,
      dispatcher,
      signal,
      headersTimeout: requestTimeoutMs,
      bodyTimeout: requestTimeoutMs,
    });
    const text = await response.body.text();
    return { status: response.statusCode, headers: response.headers, text };
  }

  private async judge<T>(answer: RawAnswer, call: Call<T>, context: IconikCallContext): Promise<T> {
    const { status, text } = answer;
    if (status >= 200 && status < 300) {
      const json = text === '' ? {} : parseJson(text, context);
      const parsed = call.schema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new IconikResponseError(
          `Iconik's response to ${context.method} ${context.endpoint} has an unexpected shape: ${issue?.path.join('.') || '(root)'} ${issue?.message ?? ''}`.trim(),
          context,
          status,
          undefined,
        );
      }
      return parsed.data;
    }

    const message = iconikMessage(text);
    const detail = message === undefined ? '' : `: ${message}`;
    switch (status) {
      case 400:
        throw new IconikBadRequestError(`Iconik rejected ${context.method} ${context.endpoint} as invalid${detail}`, context, status, message);
      case 401:
        return this.judgeUnauthorized(call, context, message);
      case 403:
        throw permissionError(call.endpoint, context, status, message);
      case 404:
        throw new IconikNotFoundError(`Iconik found nothing at ${context.method} ${context.endpoint}${detail}`, context, status, message);
      default:
        throw new IconikResponseError(`Iconik responded ${status} to ${context.method} ${context.endpoint}${detail}`, context, status, message);
    }
  }

  /**
   * Iconik responds with 401 both for bad credentials and, on some endpoints,
   * for a missing role. A second call to the token check tells the two apart.
   */
  private async judgeUnauthorized(call: Call<unknown>, context: IconikCallContext, message: string | undefined): Promise<never> {
    const isTokenCheck = call.endpoint.template === 'auth/v1/auth/token/';
    if (!isTokenCheck) {
      await this.options.throttle.acquire();
      const tokenCheck = await this.exchange(new URL('auth/v1/auth/token/', this.apiBase).toString(), 'GET').catch(() => undefined);
      if (tokenCheck?.status === 200) throw permissionError(call.endpoint, context, 401, message);
    }
    throw new IconikAuthenticationError(
      `Iconik at ${context.host} rejected the App ID and token${message === undefined ? '' : ` (${message})`}: check that the App ID matches the token, that the token was not revoked in Admin > Settings > Application Tokens, and that its user is active.`,
      context,
      401,
      message,
    );
  }
}

function permissionError(endpoint: Endpoint, context: IconikCallContext, status: number, message: string | undefined): IconikPermissionError {
  const fix =
    endpoint.role === undefined
      ? 'check the user\'s groups and the access rights on the object in Iconik'
      : `add the role ${endpoint.role} to one of the user's groups in Admin > Groups`;
  return new IconikPermissionError(
    `The Iconik user may not call ${context.method} ${context.endpoint}${message === undefined ? '' : ` (${message})`}: ${fix}.`,
    context,
    status,
    message,
    endpoint.role,
  );
}

function header(answer: RawAnswer, name: string): string | undefined {
  const value = answer.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseJson(text: string, context: IconikCallContext): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new IconikResponseError(`Iconik's response to ${context.method} ${context.endpoint} is not JSON`, context, undefined, undefined);
  }
}

/** Reads the messages of Iconik's error envelope, `{"errors": [...]}` or `{"errors": {"field": "message"}}`. */
export function iconikMessage(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { errors?: unknown };
    const { errors } = parsed;
    if (Array.isArray(errors)) return errors.map(String).join('; ') || undefined;
    if (errors !== null && typeof errors === 'object') {
      return Object.entries(errors).map(([field, value]) => `${field}: ${Array.isArray(value) ? value.join(', ') : String(value)}`).join('; ');
    }
  } catch {
    // Not JSON: fall through to the raw text.
  }
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed.slice(0, 300);
}

function describeCause(error: unknown): string {
  // undici's errors may come from another realm (for example under Jest), so
  // they are read by shape rather than with instanceof.
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const { message, cause } = error as { message: unknown; cause?: { message?: unknown } };
    const causeMessage = typeof cause?.message === 'string' && cause.message !== message ? ` (${cause.message})` : '';
    return `${String(message)}${causeMessage}`;
  }
  return String(error);
}
