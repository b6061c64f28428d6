import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { loadConfig } from '../../src/config';

export const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');

/** Reads a stream to its end, for objects read back from storage. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Returns the mail that the stack's Mailpit received for one address, newest first. */
export async function mailTo(address: string): Promise<{ Subject: string; To: { Address: string }[] }[]> {
  const { ports } = loadConfig().stack;
  const response = await fetch(`http://127.0.0.1:${ports.mailpitHttp}/api/v1/search?query=${encodeURIComponent(`to:"${address}"`)}`);
  const body = (await response.json()) as { messages: { Subject: string; To: { Address: string }[] }[] };
  return body.messages;
}
