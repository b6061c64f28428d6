import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/**
 * A loopback file server for HTTP sources. It serves Range requests with
 * 206, unless `ignoreRange` is set, when it sends the whole file with 200 as
 * some servers do.
 */
export class HttpSourceServer {
  ignoreRange = false;
  readonly rangeHeaders: (string | undefined)[] = [];
  private server: Server | undefined;

  constructor(private readonly root: string) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const path = join(this.root, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
      let size: number;
      try {
        size = statSync(path).size;
      } catch {
        response.writeHead(404).end('not found');
        return;
      }
      const range = request.headers.range;
      this.rangeHeaders.push(range);
      const match = range === undefined || this.ignoreRange ? null : /^bytes=(\d+)-(\d*)$/.exec(range);
      if (match === null) {
        response.writeHead(200, { 'content-length': String(size) });
        if (size === 0) response.end();
        else createReadStream(path).pipe(response);
        return;
      }
      const start = Number(match[1]);
      const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
      if (start >= size) {
        response.writeHead(416, { 'content-range': `bytes */${size}` }).end();
        return;
      }
      response.writeHead(206, { 'content-length': String(end - start + 1), 'content-range': `bytes ${start}-${end}/${size}` });
      createReadStream(path, { start, end }).pipe(response);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server === undefined ? resolve() : this.server.close(() => resolve())));
  }
}
