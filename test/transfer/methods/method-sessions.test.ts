import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createTransferActivities, type TransferDependencies, type TransferInput, type TransferResult } from '../../../src/transfer';
import { blockId } from '../../../src/transfer/sessions/azure';
import { RecordingAgent, type RecordedRequest } from '../../support/recording-agent';
import { writeRandomFile } from '../support/random-file';
import { mebibyte, startTransferStack, testPartSize, type TransferStack } from '../support/transfer-stack';
import { prepareFileOn, readBackOn } from './support/method-files';

jest.setTimeout(120_000);

const methods = ['GCS', 'AZURE', 'B2'] as const;
type Method = (typeof methods)[number];

const sizes = [
  { label: 'zero-byte file', size: 0, parts: 1 },
  { label: 'file smaller than one part', size: 1_234_567, parts: 1 },
  { label: 'multi-part file', size: 3 * testPartSize + 12_345, parts: 4 },
];

const sha1 = (bytes: Buffer) => createHash('sha1').update(bytes).digest('hex');

/** The storage requests that carried file bytes for a method: GCS chunk PUTs, Azure Put Block, B2 part or file uploads. */
function byteRequests(method: Method, requests: RecordedRequest[]): RecordedRequest[] {
  if (method === 'GCS') return requests.filter((request) => request.method === 'PUT' && /^bytes \d+-/.test(request.headers['content-range'] ?? ''));
  if (method === 'AZURE') return requests.filter((request) => request.path.includes('comp=block&'));
  return requests.filter((request) => request.path.includes('/b2_upload_part/') || request.path.includes('/b2_upload_file/'));
}

describe('transfer sessions on GCS, AZURE and B2', () => {
  let stack: TransferStack;
  let agent: RecordingAgent;

  beforeAll(async () => {
    stack = await startTransferStack();
    agent = new RecordingAgent();
  });

  afterAll(async () => {
    await agent.close();
    await stack.close();
  });

  /** Dependencies that record every storage request and send B2 files above one part as large files. */
  function deps(overrides: Partial<TransferDependencies['transfer']> = {}): TransferDependencies {
    return stack.deps({
      transfer: { partsInFlight: 3, minPartSizeBytes: testPartSize, b2SingleUploadMaxBytes: testPartSize, ...overrides },
      storage: { dispatcher: agent, retry: { maxAttempts: 4, initialDelayMs: 20, maxDelayMs: 200 } },
    });
  }

  async function sourceFile(name: string, size: number): Promise<{ path: string; md5: string }> {
    const path = join(stack.sourceRoot, name);
    return { path, md5: await writeRandomFile(path, size) };
  }

  async function run(input: TransferInput, dependencies = deps(), env = new MockActivityEnvironment()): Promise<TransferResult> {
    const { transferFile } = createTransferActivities(dependencies);
    return env.run(transferFile, input);
  }

  describe.each(methods)('on %s', (method) => {
    it.each(sizes)('delivers a $label byte-exact', async ({ label, size, parts }) => {
      const name = `${method}-${label.replace(/\W+/g, '-')}.bin`;
      const { path, md5 } = await sourceFile(name, size);
      const input = await prepareFileOn(stack, method, name, size, `file://${path}`);
      const heartbeats: unknown[] = [];
      const env = new MockActivityEnvironment();
      env.on('heartbeat', (details: unknown) => heartbeats.push(details));

      const result = await run(input, deps(), env);

      expect(result).toEqual({ bytes: size, md5, parts, resumedParts: 0 });
      const stored = await readBackOn(stack, method, input);
      expect(stored.size).toBe(size);
      expect(stored.md5).toBe(md5);
      expect(stored.key).toBe(method === 'GCS' ? `media/Transfers/${name}` : `Transfers/${name}`);
      expect(heartbeats).toHaveLength(parts + 1);
    });

    it('resumes without resending committed parts', async () => {
      const size = 6 * testPartSize;
      const name = `${method}-resume.bin`;
      const { path, md5 } = await sourceFile(name, size);
      const input = await prepareFileOn(stack, method, name, size, `file://${path}`);
      const first = new MockActivityEnvironment();
      const heartbeats: unknown[] = [];
      first.on('heartbeat', (details: unknown) => {
        heartbeats.push(details);
        if (heartbeats.length === 3) first.cancel();
      });
      const single = deps({ partsInFlight: 1 });
      await expect(run(input, single, first)).rejects.toThrow();
      const token = heartbeats.at(-1);
      const before = agent.requests.length;
      // Heartbeats reach the workflow history, so they carry the token sealed:
      // no URL, session or authorization token of the storage in clear.
      for (const heartbeat of heartbeats) expect(Object.keys(heartbeat as object)).toEqual(['sealed']);
      expect(JSON.stringify(heartbeats)).not.toMatch(/https?:|authorization|upload_id|token/i);

      const result = await run(input, single, new MockActivityEnvironment({ attempt: 2, heartbeatDetails: token }));

      expect(result).toEqual({ bytes: size, md5, parts: 6, resumedParts: 3 });
      expect((await readBackOn(stack, method, input)).md5).toBe(md5);
      const sent = byteRequests(method, agent.requests.slice(before));
      if (method === 'GCS') {
        expect(sent.map((request) => request.headers['content-range'])).toEqual([
          `bytes ${3 * testPartSize}-${4 * testPartSize - 1}/*`,
          `bytes ${4 * testPartSize}-${5 * testPartSize - 1}/*`,
          `bytes ${5 * testPartSize}-${size - 1}/${size}`,
        ]);
      } else if (method === 'AZURE') {
        expect(sent.map((request) => new URL(request.path, 'http://azure').searchParams.get('blockid'))).toEqual([blockId(4), blockId(5), blockId(6)]);
        // The simulator's upload SAS grants create and write only, so the resume trusts the heartbeated blocks.
        expect(stack.logLines.some((line) => line.includes('the Azure SAS cannot read the block list'))).toBe(true);
      } else {
        expect(sent.map((request) => request.headers['x-bz-part-number'])).toEqual(['4', '5', '6']);
      }
    });
  });

  describe('on B2', () => {
    it('sends each part with its SHA-1', async () => {
      const size = 2 * testPartSize + 777;
      const { path, md5 } = await sourceFile('b2-sha1.bin', size);
      const input = await prepareFileOn(stack, 'B2', 'b2-sha1.bin', size, `file://${path}`);
      const before = agent.requests.length;

      const result = await run(input);

      expect(result.md5).toBe(md5);
      const bytes = readFileSync(path);
      const parts = byteRequests('B2', agent.requests.slice(before));
      expect(parts.map((request) => request.headers['x-bz-content-sha1'])).toEqual([
        sha1(bytes.subarray(0, testPartSize)),
        sha1(bytes.subarray(testPartSize, 2 * testPartSize)),
        sha1(bytes.subarray(2 * testPartSize)),
      ]);
      expect((await readBackOn(stack, 'B2', input)).md5).toBe(md5);
    });

    it('sends a file under the threshold in one upload', async () => {
      const size = 3 * testPartSize;
      const { path, md5 } = await sourceFile('b2-single.bin', size);
      const input = await prepareFileOn(stack, 'B2', 'b2-single.bin', size, `file://${path}`);
      const before = agent.requests.length;

      const result = await run(input, deps({ b2SingleUploadMaxBytes: 100 * mebibyte }));

      expect(result).toEqual({ bytes: size, md5, parts: 1, resumedParts: 0 });
      const sent = byteRequests('B2', agent.requests.slice(before));
      expect(sent).toHaveLength(1);
      expect(sent[0]?.path).toContain('/b2_upload_file/');
      expect(sent[0]?.headers['x-bz-content-sha1']).toBe(sha1(readFileSync(path)));
      expect((await readBackOn(stack, 'B2', input)).md5).toBe(md5);
    });

    it.each(['expired_auth_token', 'too_busy'] as const)('recovers a single upload from %s', async (fault) => {
      const name = `b2-single-${fault}.bin`;
      const { path, md5 } = await sourceFile(name, 100_000);
      const input = await prepareFileOn(stack, 'B2', name, 100_000, `file://${path}`);
      const before = agent.requests.length;
      stack.storage.b2Faults.failNext(fault, 1);

      const result = await run(input);

      expect(result.md5).toBe(md5);
      expect(stack.storage.b2Faults.pending()).toEqual([]);
      const sent = byteRequests('B2', agent.requests.slice(before));
      expect(sent).toHaveLength(2);
      // The second upload uses the fresh token of a re-read upload target.
      expect(sent[1]?.headers.authorization).not.toBe(sent[0]?.headers.authorization);
      expect((await readBackOn(stack, 'B2', input)).md5).toBe(md5);
    });

    it('renews the part token when the first part token expired', async () => {
      const size = 2 * testPartSize + 5;
      const { path, md5 } = await sourceFile('b2-large-expired.bin', size);
      const input = await prepareFileOn(stack, 'B2', 'b2-large-expired.bin', size, `file://${path}`);
      const before = agent.requests.length;
      stack.storage.b2Faults.failNext('expired_auth_token', 1);

      const result = await run(input);

      expect(result.md5).toBe(md5);
      const sent = byteRequests('B2', agent.requests.slice(before));
      expect(sent.map((request) => request.headers['x-bz-part-number'])).toEqual(['1', '1', '2', '3']);
      // The same large file takes the parts, with the fresh token from the second try on.
      expect(new Set(sent.map((request) => request.path)).size).toBe(1);
      expect(sent[1]?.headers.authorization).not.toBe(sent[0]?.headers.authorization);
      expect(sent[2]?.headers.authorization).toBe(sent[1]?.headers.authorization);
      expect((await readBackOn(stack, 'B2', input)).md5).toBe(md5);
    });

    it('retries a part through too busy', async () => {
      const size = 2 * testPartSize + 5;
      const { path, md5 } = await sourceFile('b2-large-busy.bin', size);
      const input = await prepareFileOn(stack, 'B2', 'b2-large-busy.bin', size, `file://${path}`);
      const first = new MockActivityEnvironment();
      let heartbeats = 0;
      first.on('heartbeat', () => {
        heartbeats += 1;
        if (heartbeats === 1) stack.storage.b2Faults.failNext('too_busy', 2);
      });
      const before = agent.requests.length;

      const result = await run(input, deps(), first);

      expect(result.md5).toBe(md5);
      expect(stack.storage.b2Faults.pending()).toEqual([]);
      const sent = byteRequests('B2', agent.requests.slice(before));
      expect(sent.map((request) => request.headers['x-bz-part-number'])).toEqual(['1', '2', '2', '2', '3']);
      expect((await readBackOn(stack, 'B2', input)).md5).toBe(md5);
    });
  });

  it('logs no signed URL or upload token', () => {
    const joined = stack.logLines.join('\n');

    expect(stack.logLines.length).toBeGreaterThan(20);
    expect(joined).not.toMatch(/X-Goog-Signature|sig=|upload_id=/);
    const tokens = new Set(agent.requests.map((request) => request.headers.authorization).filter((token) => token !== undefined));
    expect(tokens.size).toBeGreaterThan(5);
    for (const token of tokens) expect(joined).not.toContain(token);
  });
});
