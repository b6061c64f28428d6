import { Agent, type Dispatcher } from 'undici';

/** One HTTP request as the client sent it. */
export interface RecordedRequest {
  method: string;
  origin: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/**
 * An undici agent that records every request it sends, so tests can check
 * the exact requests a client made (their count, headers and bodies) while
 * the requests still reach the real server.
 */
export class RecordingAgent extends Agent {
  readonly requests: RecordedRequest[] = [];

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandlers): boolean {
    this.requests.push({
      method: options.method,
      origin: String(options.origin),
      path: options.path,
      headers: normalizeHeaders(options.headers),
      body: typeof options.body === 'string' ? options.body : Buffer.isBuffer(options.body) ? options.body.toString('utf8') : undefined,
    });
    return super.dispatch(options, handler);
  }
}

function normalizeHeaders(headers: Dispatcher.DispatchOptions['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  if (headers == null) return result;
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) result[String(headers[i]).toLowerCase()] = String(headers[i + 1]);
    return result;
  }
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (typeof value === 'string' || typeof value === 'number') result[name.toLowerCase()] = String(value);
    else if (Array.isArray(value)) result[name.toLowerCase()] = value.join(', ');
  }
  return result;
}
