import { setTimeout as sleep } from 'node:timers/promises';
import { request, type Dispatcher } from 'undici';
import { retryDelayMs, type RetryPolicy } from '../iconik/retry';
import type { Logger } from '../logging/logger';
import { StorageRequestError } from './errors';

/** How storage requests are sent: the undici dispatcher and the retry policy for 5xx responses and connection errors. */
export interface StorageHttp {
  dispatcher?: Dispatcher;
  retry: RetryPolicy;
  logger: Logger;
  signal: AbortSignal;
}

export const defaultStorageRetry: RetryPolicy = { maxAttempts: 5, initialDelayMs: 500, maxDelayMs: 15_000 };

/** One request to a signed storage URL. `step` and `part` name it in logs and errors in place of the URL. */
export interface StorageRequest {
  method: 'GET' | 'PUT' | 'POST';
  url: string;
  step: string;
  part?: number;
  body?: Buffer | string;
  headers?: Record<string, string>;
}

/** A storage response, with its S3-style error code and message read from an XML error body. */
export interface StorageAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  code: string | undefined;
  message: string | undefined;
}

const retryableStatuses = new Set([500, 502, 503, 504]);

/**
 * Sends a storage request, retrying 5xx responses and connection errors with
 * exponential backoff, and returns the first other response. Throws
 * StorageRequestError once the attempts are used up, and rethrows at once
 * when the signal aborts. Logs carry the step, part and status, never the URL,
 * because a signed URL is a credential.
 */
export async function sendStorageRequest(http: StorageHttp, call: StorageRequest): Promise<StorageAnswer> {
  const { retry, logger, signal, dispatcher } = http;
  for (let attempt = 1; ; attempt++) {
    let answer: StorageAnswer | undefined;
    let failure: unknown;
    try {
      const response = await request(call.url, { method: call.method, body: call.body, headers: call.headers, signal, dispatcher });
      const text = await response.body.text();
      answer = { status: response.statusCode, headers: response.headers, text, ...parseErrorBody(text) };
    } catch (error) {
      if (signal.aborted) throw error;
      failure = error;
    }
    if (answer !== undefined && !retryableStatuses.has(answer.status)) return answer;

    const cause = answer === undefined ? describeCause(failure) : undefined;
    if (attempt >= retry.maxAttempts) {
      throw new StorageRequestError(
        `${call.step}${call.part === undefined ? '' : ` of part ${call.part}`} after ${attempt} attempts`,
        answer?.status,
        answer?.code,
        cause ?? answer?.message ?? '',
      );
    }
    const delayMs = retryDelayMs(retry, attempt, undefined);
    logger.warn({ step: call.step, part: call.part, status: answer?.status, code: answer?.code, cause, attempt, delayMs }, 'storage request failed, retrying');
    await sleep(delayMs, undefined, { signal });
  }
}

/** Reads `<Code>` and `<Message>` from an S3-style XML error body. */
function parseErrorBody(text: string): { code: string | undefined; message: string | undefined } {
  if (!text.includes('<Error>')) return { code: undefined, message: undefined };
  return { code: /<Code>([^<]*)<\/Code>/.exec(text)?.[1], message: /<Message>([^<]*)<\/Message>/.exec(text)?.[1] };
}

function describeCause(error: unknown): string {
  // undici's errors may come from another realm (for example under Jest), so they are read by shape.
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const { message, code } = error as { message: unknown; code?: unknown };
    return typeof code === 'string' ? `${String(message)} (${code})` : String(message);
  }
  return String(error);
}
