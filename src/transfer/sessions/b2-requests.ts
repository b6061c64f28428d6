import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { retryDelayMs } from '../../iconik/retry';
import { StorageRequestError } from '../errors';
import type { StorageHttp } from '../storage-http';

/** One upload request to B2, named in logs and errors by `step` and `part`, never by its URL or token. */
export interface B2Request {
  url: string;
  authorizationToken: string;
  step: string;
  part?: number;
  body: Buffer;
  headers: Record<string, string>;
}

/** A B2 response: the JSON body on success, or B2's error envelope `{status, code, message}`. */
export type B2Answer =
  | { ok: true; body: { contentSha1?: unknown } }
  | { ok: false; status: number | undefined; code: string | undefined; message: string };

/** The destination of a B2 upload: the upload URL and its authorization token. */
export interface B2UploadTarget {
  url: string;
  authorizationToken: string;
}

/**
 * Sends one B2 upload request once, without retrying. A connection error is
 * returned as a response with no status, because B2's rule for it is the same
 * as for a 503: get a new upload URL.
 */
export async function sendB2Request(http: StorageHttp, call: B2Request): Promise<B2Answer> {
  try {
    const response = await request(call.url, {
      method: 'POST',
      body: call.body,
      headers: { ...call.headers, authorization: call.authorizationToken, 'content-length': String(call.body.length) },
      signal: http.signal,
      dispatcher: http.dispatcher,
    });
    const text = await response.body.text();
    const json = parseJson(text);
    if (response.statusCode === 200) return { ok: true, body: json ?? {} };
    return { ok: false, status: response.statusCode, code: typeof json?.code === 'string' ? json.code : undefined, message: typeof json?.message === 'string' ? json.message : text.slice(0, 200) };
  } catch (error) {
    if (http.signal.aborted) throw error;
    return { ok: false, status: undefined, code: undefined, message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * B2 responses that a fresh upload URL and token fix: 401 expired_auth_token,
 * 408, 503 (for example "too busy"), and a failed connection.
 */
export function needsFreshTarget(answer: B2Answer): boolean {
  if (answer.ok) return false;
  return answer.status === undefined || answer.status === 408 || answer.status === 503 || (answer.status === 401 && answer.code === 'expired_auth_token');
}

/**
 * Sends a B2 upload, and after each response that `needsFreshTarget` accepts
 * waits with backoff, gets a new target from `refreshTarget` and sends it
 * again, up to the retry policy's attempts. Returns the SHA-1 B2 stored,
 * after checking it against `sha1`.
 */
export async function uploadWithFreshTargets(
  http: StorageHttp,
  target: B2UploadTarget,
  build: (target: B2UploadTarget) => B2Request,
  refreshTarget: (answer: B2Answer & { ok: false }) => Promise<B2UploadTarget>,
  sha1: string,
): Promise<void> {
  let current = target;
  for (let attempt = 1; ; attempt++) {
    const call = build(current);
    const answer = await sendB2Request(http, call);
    const where = call.part === undefined ? call.step : `${call.step} of part ${call.part}`;
    if (answer.ok) {
      if (answer.body.contentSha1 !== sha1) throw new StorageRequestError(where, 200, undefined, `B2 stored SHA-1 ${String(answer.body.contentSha1)}, but the bytes sent have SHA-1 ${sha1}`);
      return;
    }
    if (!needsFreshTarget(answer) || attempt >= http.retry.maxAttempts) {
      throw new StorageRequestError(attempt > 1 ? `${where} after ${attempt} attempts` : where, answer.status, answer.code, answer.message);
    }
    const delayMs = retryDelayMs(http.retry, attempt, undefined);
    http.logger.warn({ step: call.step, part: call.part, status: answer.status, code: answer.code, attempt, delayMs }, 'B2 upload failed, retrying with a fresh upload URL and token');
    await sleep(delayMs, undefined, { signal: http.signal });
    current = await refreshTarget(answer);
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
