import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Header with `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`; several v1 entries are allowed. */
export const signatureHeader = 'x-signature';
/** Header with the shared secret itself, for senders that can only add static headers. */
export const secretHeader = 'x-webhook-secret';
/** Largest difference between a signature's timestamp and the server clock, either way. */
export const maxSignatureAgeSeconds = 5 * 60;

export type WebhookAuthFailure = 'missing_signature' | 'malformed_signature' | 'stale_signature' | 'invalid_signature' | 'invalid_secret';

export type WebhookAuthResult =
  | { ok: true; method: 'signature' | 'secret' }
  | { ok: false; error: WebhookAuthFailure; message: string };

/** Returns the X-Signature value for a body, as the transfer service computes it. */
export function signWebhookBody(rawBody: Buffer | string, secret: string, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${hmacHex(secret, timestampSeconds, rawBody)}`;
}

/**
 * Checks a webhook request: the X-Signature header when present, else the
 * X-Webhook-Secret header. Every comparison runs in constant time, and no
 * message repeats a header value.
 */
export function verifyWebhookRequest(
  headers: { signature: string | undefined; secret: string | undefined },
  rawBody: Buffer,
  secret: string,
  nowSeconds: number,
): WebhookAuthResult {
  if (headers.signature !== undefined) return verifySignature(headers.signature, rawBody, secret, nowSeconds);
  if (headers.secret !== undefined) {
    return sameSecret(headers.secret, secret)
      ? { ok: true, method: 'secret' }
      : { ok: false, error: 'invalid_secret', message: 'The X-Webhook-Secret header does not match the server\'s WEBHOOK_SECRET: set the same secret on the transfer service.' };
  }
  return {
    ok: false,
    error: 'missing_signature',
    message:
      'The webhook carries no X-Signature or X-Webhook-Secret header: sign the body as "X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \'<t>.<raw body>\'>" with WEBHOOK_SECRET, or send the secret as X-Webhook-Secret.',
  };
}

function verifySignature(header: string, rawBody: Buffer, secret: string, nowSeconds: number): WebhookAuthResult {
  const parsed = parseSignatureHeader(header);
  if (parsed === undefined) {
    return {
      ok: false,
      error: 'malformed_signature',
      message: 'The X-Signature header is malformed: expected "t=<unix seconds>,v1=<64 hex digits>".',
    };
  }

  const skew = nowSeconds - parsed.timestamp;
  if (Math.abs(skew) > maxSignatureAgeSeconds) {
    const direction = skew > 0 ? `${skew} seconds old` : `${-skew} seconds in the future`;
    return {
      ok: false,
      error: 'stale_signature',
      message: `The X-Signature timestamp is ${direction}, but at most ${maxSignatureAgeSeconds} seconds either way is accepted: sign each delivery attempt anew and check the sender's clock.`,
    };
  }

  const expected = Buffer.from(hmacHex(secret, parsed.timestamp, rawBody), 'hex');
  // Every candidate is compared, so the time taken does not depend on which one matches.
  let matched = false;
  for (const candidate of parsed.signatures) {
    if (timingSafeEqual(expected, candidate)) matched = true;
  }
  if (!matched) {
    return {
      ok: false,
      error: 'invalid_signature',
      message: 'The X-Signature does not match the body: compute HMAC-SHA256 with WEBHOOK_SECRET over "<t>.<raw body>", using the exact bytes sent.',
    };
  }
  return { ok: true, method: 'signature' };
}

function parseSignatureHeader(header: string): { timestamp: number; signatures: Buffer[] } | undefined {
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const [key, value, ...rest] = part.trim().split('=');
    if (value === undefined || rest.length > 0) return undefined;
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(Buffer.from(value, 'hex'));
    else if (key === 't' || key === 'v1') return undefined;
    // Other keys are ignored, so a sender can add newer signature schemes alongside v1.
  }
  if (timestamp === undefined || signatures.length === 0) return undefined;
  return { timestamp, signatures };
}

function hmacHex(secret: string, timestampSeconds: number, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.`).update(rawBody).digest('hex');
}

// Both sides are hashed first, so the comparison takes the same time whatever the length of the guess.
function sameSecret(given: string, secret: string): boolean {
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(secret).digest());
}

/**
 * Builds a hook that lets a webhook through only with a valid signature or
 * secret. It reads the raw body, so the route must keep the body as a Buffer.
 */
export function requireWebhookAuth(secret: string, now: () => number = () => Date.now()) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const result = verifyWebhookRequest(
      { signature: singleHeader(request.headers[signatureHeader]), secret: singleHeader(request.headers[secretHeader]) },
      rawBody,
      secret,
      Math.floor(now() / 1000),
    );
    if (!result.ok) {
      request.log.warn({ route: request.routeOptions.url, reason: result.error, bodyBytes: rawBody.length }, 'webhook rejected');
      await reply.code(401).send({ error: result.error, message: result.message });
      return;
    }
    request.log.debug({ route: request.routeOptions.url, method: result.method }, 'webhook authenticated');
  };
}

// Node joins a repeated custom header with ", ", which the signature parser splits like any list.
function singleHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
