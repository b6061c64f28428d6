import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One S3 UploadPart that reached the proxy, with the status it got. */
export interface PartPut {
  uploadId: string;
  partNumber: number;
  status: number;
}

/**
 * A loopback HTTP proxy in front of MinIO. The simulator presigns URLs for
 * the proxy's address, and the proxy forwards each request with its Host
 * header unchanged, so MinIO checks the signatures as usual. It records
 * every UploadPart, can reject a burst of them with 503, and can hold each
 * one back for a while so a test can stop a transfer mid-file.
 */
export class StorageProxy {
  readonly partPuts: PartPut[] = [];
  /** The next this-many UploadParts get 503 SlowDown without reaching MinIO. */
  failNextPartPuts = 0;
  /** Milliseconds each UploadPart waits before it is forwarded. */
  partDelayMs = 0;
  private server: Server | undefined;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<string> {
    this.server = createServer((incoming, outgoing) => void this.handle(incoming, outgoing));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Counts the UploadParts of a part number that MinIO stored (status 200). */
  storedPuts(partNumber: number): number {
    return this.partPuts.filter((put) => put.partNumber === partNumber && put.status === 200).length;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server === undefined ? resolve() : this.server.close(() => resolve())));
  }

  private async handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const url = new URL(incoming.url ?? '/', 'http://proxy');
    const partNumber = url.searchParams.get('partNumber');
    const uploadId = url.searchParams.get('uploadId');
    const isPartPut = incoming.method === 'PUT' && partNumber !== null && uploadId !== null;

    if (isPartPut && this.partDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.partDelayMs));
    if (isPartPut && this.failNextPartPuts > 0) {
      this.failNextPartPuts--;
      this.partPuts.push({ uploadId, partNumber: Number(partNumber), status: 503 });
      incoming.resume();
      outgoing.writeHead(503, { 'content-type': 'application/xml' });
      outgoing.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>');
      return;
    }

    const forwarded = request(
      { host: this.target.host, port: this.target.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        if (isPartPut) this.partPuts.push({ uploadId, partNumber: Number(partNumber), status: answer.statusCode ?? 0 });
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.on('aborted', () => forwarded.destroy());
    incoming.pipe(forwarded);
  }
}
