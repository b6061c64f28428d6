import { join } from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createTransferActivities, MemoryBudget, PartBufferPool, type TransferResult } from '../../src/transfer';
import { HttpSourceServer } from './support/http-source-server';
import { writeRandomFile } from './support/random-file';
import { startTransferStack, testPartSize, type TransferStack } from './support/transfer-stack';

jest.setTimeout(120_000);

describe('PartBufferPool', () => {
  it('allocates lazily up to capacity', async () => {
    const pool = new PartBufferPool(16, 2);
    expect(pool.allocated).toBe(0);

    const first = await pool.acquire();
    const second = await pool.acquire();

    expect(first).toHaveLength(16);
    expect(second).toHaveLength(16);
    expect(first).not.toBe(second);
    expect(pool.allocated).toBe(2);
  });

  it('reuses a released buffer', async () => {
    const pool = new PartBufferPool(16, 2);
    const first = await pool.acquire();
    pool.release(first);

    const again = await pool.acquire();

    expect(again).toBe(first);
    expect(pool.allocated).toBe(1);
  });

  it('waits for a release when exhausted', async () => {
    const pool = new PartBufferPool(16, 1);
    const held = await pool.acquire();
    let handed: Buffer | undefined;
    const waiting = pool.acquire().then((buffer) => (handed = buffer));
    await new Promise((resolve) => setImmediate(resolve));
    expect(handed).toBeUndefined();

    pool.release(held);
    await waiting;

    expect(handed).toBe(held);
    expect(pool.allocated).toBe(1);
  });

  it('rejects an invalid capacity', () => {
    expect(() => new PartBufferPool(16, 0)).toThrow('part buffer count 0 is invalid');
  });
});

describe('MemoryBudget', () => {
  it('refuses bytes beyond the limit', () => {
    const budget = new MemoryBudget(32);
    expect(budget.tryReserve(16)).toBe(true);
    expect(budget.tryReserve(16)).toBe(true);
    expect(budget.tryReserve(1)).toBe(false);
    expect(budget.reserved).toBe(32);
  });

  it('lets one oversized reservation through', () => {
    const budget = new MemoryBudget(32);
    expect(budget.tryReserve(100)).toBe(true);
    expect(budget.tryReserve(1)).toBe(false);
    budget.release(100);
    expect(budget.reserved).toBe(0);
  });

  it('shares its room between pools', async () => {
    const budget = new MemoryBudget(32);
    const first = new PartBufferPool(16, 4, budget);
    const second = new PartBufferPool(16, 4, budget);
    await first.acquire();
    await first.acquire();
    let handed: Buffer | undefined;
    const waiting = second.acquire().then((buffer) => (handed = buffer));
    await new Promise((resolve) => setImmediate(resolve));
    expect(handed).toBeUndefined();
    expect(second.allocated).toBe(0);

    first.close();
    await waiting;

    expect(handed).toHaveLength(16);
    expect(second.allocated).toBe(1);
    expect(budget.reserved).toBe(16);
  });

  it('takes its own released buffer while the budget is full', async () => {
    const budget = new MemoryBudget(16);
    const pool = new PartBufferPool(16, 4, budget);
    const held = await pool.acquire();
    const waiting = pool.acquire();
    pool.release(held);
    expect(await waiting).toBe(held);
    expect(pool.allocated).toBe(1);
  });
});

describe('transferFile part buffers', () => {
  const partsInFlight = 3;
  const partCount = 12;
  const size = (partCount - 1) * testPartSize + 777;
  let stack: TransferStack;
  let http: HttpSourceServer;
  let httpUrl: string;

  beforeAll(async () => {
    stack = await startTransferStack();
    http = new HttpSourceServer(stack.sourceRoot);
    httpUrl = await http.start();
  });

  afterAll(async () => {
    stack.proxy.partDelayMs = 0;
    await http.close();
    await stack.close();
  });

  /** Runs one transfer and returns its result with every pool it made. */
  async function runRecordingPools(name: string, source: (path: string) => string, memoryBudget?: MemoryBudget) {
    const path = join(stack.sourceRoot, name);
    const md5 = await writeRandomFile(path, size);
    const input = await stack.prepareFile(name, size, source(path));
    const pools: PartBufferPool[] = [];
    const deps = stack.deps({
      transfer: { partsInFlight, minPartSizeBytes: testPartSize },
      createPartBufferPool: (bufferSize, capacity) => {
        const pool = new PartBufferPool(bufferSize, capacity, memoryBudget);
        pools.push(pool);
        return pool;
      },
    });
    const result: TransferResult = await new MockActivityEnvironment().run(createTransferActivities(deps).transferFile, input);
    return { md5, input, pools, result };
  }

  // Each part upload is held back, so the source is read ahead and the pool fills to its capacity.
  it.each([
    { kind: 'file', source: (path: string) => `file://${path}` },
    { kind: 'http', source: (path: string) => `${httpUrl}/${path.slice(stack.sourceRoot.length + 1)}` },
  ])('reuses partsInFlight + 1 buffers from a $kind source', async ({ kind, source }) => {
    stack.proxy.partDelayMs = 150;
    const putsBefore = stack.proxy.partPuts.length;

    const { md5, input, pools, result } = await runRecordingPools(`pool-${kind}.bin`, source);
    stack.proxy.partDelayMs = 0;

    expect(result).toEqual({ bytes: size, md5, parts: partCount, resumedParts: 0 });
    expect(pools).toHaveLength(1);
    expect(pools[0]?.bufferSize).toBe(testPartSize);
    expect(pools[0]?.capacity).toBe(partsInFlight + 1);
    expect(pools[0]?.allocated).toBe(partsInFlight + 1);
    const stored = await stack.readBack(input);
    expect(stored.size).toBe(size);
    expect(stored.md5).toBe(md5);
    const puts = stack.proxy.partPuts.slice(putsBefore);
    expect(puts.filter((put) => put.stored).map((put) => put.partNumber).sort((a, b) => a - b)).toEqual(Array.from({ length: partCount }, (_, index) => index + 1));
  });

  it('stays within the worker memory budget', async () => {
    stack.proxy.partDelayMs = 50;
    const budget = new MemoryBudget(2 * testPartSize);

    const { md5, input, pools, result } = await runRecordingPools('pool-budget.bin', (path) => `file://${path}`, budget);
    stack.proxy.partDelayMs = 0;

    expect(result).toEqual({ bytes: size, md5, parts: partCount, resumedParts: 0 });
    expect(pools[0]?.allocated).toBe(2);
    expect(budget.reserved).toBe(0);
    const stored = await stack.readBack(input);
    expect(stored.size).toBe(size);
    expect(stored.md5).toBe(md5);
  });

  it('resends retried parts from pooled buffers', async () => {
    const putsBefore = stack.proxy.partPuts.length;
    stack.proxy.failNextPartPuts = 4;

    const { md5, input, pools, result } = await runRecordingPools('pool-retry.bin', (path) => `file://${path}`);

    expect(result.md5).toBe(md5);
    expect(pools[0]?.allocated).toBeLessThanOrEqual(partsInFlight + 1);
    const stored = await stack.readBack(input);
    expect(stored.size).toBe(size);
    expect(stored.md5).toBe(md5);
    const puts = stack.proxy.partPuts.slice(putsBefore);
    expect(puts.filter((put) => put.status === 503)).toHaveLength(4);
    expect(puts.filter((put) => put.stored)).toHaveLength(partCount);
  });
});
