import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type PartMethod = 'S3' | 'GCS' | 'AZURE' | 'B2';

/** One part upload that reached the proxy, with the status the storage returned. */
export interface PartPut {
  method: PartMethod;
  /** The upload the part belongs to: the S3 upload id, the GCS session's upload_id, the Azure blob path or the B2 large file id. */
  uploadId: string;
  /** 1-based part number; for GCS the chunk that contains the first byte sent. */
  partNumber: number;
  /** First byte of the file that the request carries (GCS chunks only). */
  firstByte?: number;
  /** Bytes in the request body, from its Content-Length. */
  bytes: number;
  /** HTTP status from the storage; 503 for an injected failure, 0 when the client went away before the part was forwarded. */
  status: number;
  /** Whether the storage stored the part: 200 for S3 and B2, 201 for Azure, 308, 200 or 201 for GCS. */
  stored: boolean;
}

/**
 * A loopback HTTP proxy in front of a storage server (MinIO, Azurite, or the
 * simulator's own B2 and GCS routes). The simulator issues upload URLs for
 * the proxy's address, and the proxy forwards each request with its Host
 * header unchanged, so signatures check as usual. It records every part
 * upload of the four methods, can reject a burst of them with 503 (in S3's
 * XML form), and can hold each one back for a while so a test can stop a
 * transfer mid-file. A part whose client went away while it was held back is
 * not forwarded.
 */
export class StorageProxy {
  readonly partPuts: PartPut[] = [];
  /** The next this-many part uploads get 503 SlowDown without reaching the storage. */
  failNextPartPuts = 0;
  /** Milliseconds each part upload waits before it is forwarded. */
  partDelayMs = 0;
  private server: Server | undefined;

  /** `gcsChunkBytes` turns the first byte of a GCS chunk into its part number. */
  constructor(
    private readonly target: { host: string; port: number },
    private readonly gcsChunkBytes: number,
  ) {}

  async start(): Promise<string> {
    this.server = createServer((incoming, outgoing) => void this.handle(incoming, outgoing));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Counts the uploads of a part number that the storage stored. */
  storedPuts(partNumber: number, method?: PartMethod): number {
    return this.partPuts.filter((put) => put.partNumber === partNumber && put.stored && (method === undefined || put.method === method)).length;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server === undefined ? resolve() : this.server.close(() => resolve())));
  }

  private async handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    // A part is recorded when it arrives, so the list keeps arrival order, and its status is filled in later.
    const recognized = this.recognizePart(incoming);
    const part: PartPut | undefined = recognized === undefined ? undefined : { ...recognized, status: 0, stored: false };
    if (part !== undefined) this.partPuts.push(part);
    let clientGone = false;
    outgoing.on('close', () => (clientGone = !outgoing.writableFinished));

    // A part's body is read whole before it is forwarded, so a storage that responds before reading it all
    // (a rejected token) cannot leave the client's connection half-read.
    const body = part === undefined ? undefined : await readBody(incoming);
    if (part !== undefined && this.partDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.partDelayMs));
    if (part !== undefined && clientGone) return;
    if (part !== undefined && this.failNextPartPuts > 0) {
      this.failNextPartPuts--;
      part.status = 503;
      outgoing.writeHead(503, { 'content-type': 'application/xml' });
      outgoing.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>');
      return;
    }

    const forwarded = request(
      { host: this.target.host, port: this.target.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        if (part !== undefined) {
          part.status = answer.statusCode ?? 0;
          part.stored = isStored(part.method, part.status);
        }
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    if (body !== undefined) {
      forwarded.end(body);
      return;
    }
    incoming.on('aborted', () => forwarded.destroy());
    incoming.pipe(forwarded);
  }

  /** Returns the part that a request uploads, or undefined for any other request. */
  private recognizePart(incoming: IncomingMessage): Omit<PartPut, 'status' | 'stored'> | undefined {
    const url = new URL(incoming.url ?? '/', 'http://proxy');
    const bytes = Number(incoming.headers['content-length'] ?? 0);
    const query = url.searchParams;

    if (incoming.method === 'PUT' && query.has('partNumber') && query.has('uploadId')) {
      return { method: 'S3', uploadId: query.get('uploadId') ?? '', partNumber: Number(query.get('partNumber')), bytes };
    }
    if (incoming.method === 'PUT' && query.get('comp') === 'block' && query.has('blockid')) {
      // The transfer's block ids are base64 of "block-NNNNNN", NNNNNN being the part number.
      const decoded = Buffer.from(query.get('blockid') ?? '', 'base64').toString('utf8');
      return { method: 'AZURE', uploadId: url.pathname, partNumber: Number(decoded.replace(/^block-/, '')), bytes };
    }
    const range = /^bytes (\d+)-\d+\//.exec(String(incoming.headers['content-range'] ?? ''));
    if (incoming.method === 'PUT' && url.pathname.startsWith('/gcs/') && range !== null) {
      const firstByte = Number(range[1]);
      return { method: 'GCS', uploadId: query.get('upload_id') ?? '', partNumber: Math.floor(firstByte / this.gcsChunkBytes) + 1, firstByte, bytes };
    }
    if (incoming.method === 'POST' && url.pathname.startsWith('/b2api/v2/b2_upload_part/')) {
      const uploadId = decodeURIComponent(url.pathname.slice('/b2api/v2/b2_upload_part/'.length));
      return { method: 'B2', uploadId, partNumber: Number(incoming.headers['x-bz-part-number']), bytes };
    }
    return undefined;
  }
}

/** Reads a request body whole; resolves with what arrived when the client goes away. */
async function readBody(incoming: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
  } catch {
    // The client aborted: the caller sees the closed response and forwards nothing.
  }
  return Buffer.concat(chunks);
}

function isStored(method: PartMethod, status: number): boolean {
  if (method === 'AZURE') return status === 201;
  if (method === 'GCS') return status === 308 || status === 200 || status === 201;
  return status === 200;
}
