import { Readable, Transform, type TransformCallback } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import type { Logger } from '../../logging/logger';
import { TransferInputError } from '../errors';
import type { ByteRange, SourceRead, SourceReader } from './types';

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Reads `https://` sources (and `http://` on loopback, for tests) with ranged
 * GETs. A server that ignores the Range header returns 200 with the whole
 * body, so the reader skips the bytes before the range and stops at its end.
 * Messages and logs name the origin and path only, because a signed URL's
 * query string is a credential.
 */
export function createHttpSourceReader(options: { logger: Logger; dispatcher?: Dispatcher }): SourceReader {
  return {
    protocols: ['https:', 'http:'],

    async open(url: URL, range: ByteRange, signal?: AbortSignal): Promise<SourceRead> {
      const shownUrl = `${url.origin}${url.pathname}`;
      if (url.protocol === 'http:' && !loopbackHosts.has(url.hostname)) {
        throw new TransferInputError('InvalidSource', `HTTP source ${shownUrl} is not encrypted: use https://, plain http:// is allowed on loopback only`);
      }
      const ranged = !(range.start === 0 && range.end === undefined);
      const headers: Record<string, string> = ranged ? { range: `bytes=${range.start}-${range.end === undefined ? '' : range.end - 1}` } : {};
      const response = await request(url, { method: 'GET', headers, signal, dispatcher: options.dispatcher });

      if (response.statusCode === 206) {
        const total = /\/(\d+)$/.exec(String(response.headers['content-range'] ?? ''))?.[1];
        if (total === undefined) {
          response.body.destroy();
          throw new Error(`HTTP source ${shownUrl} returned 206 without a Content-Range total, so its size is unknown: serve the file with a standard Content-Range header`);
        }
        return { stream: response.body, size: Number(total) };
      }
      if (response.statusCode === 200) {
        const length = response.headers['content-length'];
        if (length === undefined) {
          response.body.destroy();
          throw new Error(`HTTP source ${shownUrl} returned no Content-Length, so its size is unknown: serve the file with a Content-Length header`);
        }
        const size = Number(length);
        if (!ranged) return { stream: response.body, size };
        options.logger.warn({ source: shownUrl, start: range.start, end: range.end }, 'HTTP source ignored the Range header, skipping to the range in the full body');
        return { stream: response.body.pipe(sliceStream(range.start, range.end ?? size)), size };
      }
      if (response.statusCode === 416 && range.start === 0) {
        // An empty resource has no satisfiable range.
        response.body.destroy();
        return { stream: Readable.from([]), size: 0 };
      }
      const text = await response.body.text().catch(() => '');
      throw new Error(`HTTP source ${shownUrl} returned status ${response.statusCode}${text === '' ? '' : ` (${text.slice(0, 200)})`}: check that the URL is valid and not expired`);
    },
  };
}

/** Passes only bytes [start, end) of the stream it transforms. */
function sliceStream(start: number, end: number): Transform {
  let offset = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      const from = Math.max(0, start - offset);
      const to = Math.min(chunk.length, end - offset);
      offset += chunk.length;
      callback(null, to > from ? chunk.subarray(from, to) : undefined);
    },
  });
}
