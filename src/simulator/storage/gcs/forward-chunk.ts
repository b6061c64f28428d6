import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface ForwardedChunk {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Streams one chunk of a resumable upload to fake-gcs-server's session URL,
 * dropping the first `skip` bytes of `body`, which the session already holds.
 * `contentRange` and `length` describe the bytes actually sent.
 */
export async function forwardChunk(sessionUrl: string, body: Readable, skip: number, contentRange: string, length: number): Promise<ForwardedChunk> {
  const outgoing = httpRequest(sessionUrl, {
    method: 'PUT',
    headers: { 'content-range': contentRange, 'content-length': String(length), 'content-type': 'application/octet-stream' },
  });
  const response = new Promise<ForwardedChunk>((resolve, reject) => {
    outgoing.on('response', (incoming) => {
      const parts: Buffer[] = [];
      incoming.on('data', (part: Buffer) => parts.push(part));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(parts).toString('utf8') }));
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
  });
  // Awaiting both together keeps a failed reply from becoming an unhandled rejection when the body fails first.
  const [, forwarded] = await Promise.all([pipeline(body, skipBytes(skip), outgoing), response]);
  return forwarded;
}

function skipBytes(count: number): Transform {
  let remaining = count;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      if (remaining >= chunk.length) {
        remaining -= chunk.length;
        callback();
        return;
      }
      const rest = chunk.subarray(remaining);
      remaining = 0;
      callback(null, rest);
    },
  });
}
