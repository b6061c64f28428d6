 
import { fixtureStorages } from './support/fixture-users';
import { adminSecret, startSimulator, type SimulatorHarness } from './support/harness';
import { createFileRecord } from './support/uploads';

describe('simulator faults', () => {
  let sim: SimulatorHarness;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterEach(async () => {
    await sim.admin('DELETE', '/_sim/faults');
  });
  afterAll(async () => {
    await sim.close();
  });

  test('admin endpoints need the secret', async () => {
    const response = await fetch(`${sim.url}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-sim-admin-secret': 'wrong-secret' }, body: '{}' });
    expect(response.status).toBe(401);
    const state = await fetch(`${sim.url}/_sim/state`);
    expect(state.status).toBe(401);
    expect(adminSecret).not.toBe('wrong-secret');
  });

  test('429 fault with headers, then normal', async () => {
    const armed = await sim.admin('POST', '/_sim/faults', { method: 'GET', path: '/API/users/v1/users/current/', mode: 'status', status: 429, retry_after: 2, rate_limit_remaining: 0, count: 2 });
    expect(armed.status).toBe(201);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const limited = await sim.call('GET', '/API/users/v1/users/current');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('2');
      expect(limited.headers.get('ratelimit-remaining')).toBe('0');
      expect(limited.body).toEqual({ errors: ['Too many requests'] });
    }
    const next = await sim.call('GET', '/API/users/v1/users/current/');
    expect(next.status).toBe(200);
  });

  test.each([500, 502, 503])('%i fault on a glob', async (status) => {
    await sim.admin('POST', '/_sim/faults', { method: 'POST', path: '/API/assets/v1/**', mode: 'status', status });
    const failed = await sim.call('POST', '/API/assets/v1/assets/', { body: { title: 'x' } });
    expect(failed.status).toBe(status);
    expect(failed.body).toEqual({ errors: [`Simulated server error ${status}`] });
    const untouched = await sim.call('GET', '/API/users/v1/users/current/');
    expect(untouched.status).toBe(200);
    const next = await sim.call('POST', '/API/assets/v1/assets/', { body: { title: 'x' } });
    expect(next.status).toBe(201);
  });

  test('delay fault holds the answer', async () => {
    await sim.admin('POST', '/_sim/faults', { path: '/API/auth/v1/auth/token/', mode: 'delay', delay_ms: 400 });
    const started = performance.now();
    const delayed = await sim.call('GET', '/API/auth/v1/auth/token/');
    const elapsed = performance.now() - started;
    expect(delayed.status).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(390);
  });

  test('drop fault closes the connection', async () => {
    await sim.admin('POST', '/_sim/faults', { path: '/API/auth/v1/auth/token/', mode: 'drop' });
    await expect(sim.call('GET', '/API/auth/v1/auth/token/')).rejects.toThrow('fetch failed');
    const next = await sim.call('GET', '/API/auth/v1/auth/token/');
    expect(next.status).toBe(200);
  });

  test('expired upload URL fault', async () => {
    await sim.admin('POST', '/_sim/faults', { method: 'POST', path: '/API/files/v1/assets/*/files/', mode: 'expired_upload_url' });
    const { assetId, fileId, file } = await createFileRecord(sim, fixtureStorages.azure, 'expired.mov', 4);
    const rejected = await fetch(file.body.upload_url as string, { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: 'data' });
    await rejected.arrayBuffer();
    expect(rejected.status).toBe(403);
    const fresh = await sim.call('GET', `/API/files/v1/assets/${assetId}/files/${fileId}/`, { query: { generate_signed_post_url: true } });
    const accepted = await fetch(fresh.body.upload_url as string, { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: 'data' });
    await accepted.arrayBuffer();
    expect(accepted.status).toBe(201);
  });

  test('fault list and clear', async () => {
    await sim.admin('POST', '/_sim/faults', { path: '/API/**', mode: 'status', status: 500, count: 3 });
    const listed = await sim.admin('GET', '/_sim/faults');
    expect(listed.body.faults).toHaveLength(1);
    expect(listed.body.faults[0]).toMatchObject({ method: '*', path: '/API/**', remaining: 3 });
    const cleared = await sim.admin('DELETE', '/_sim/faults');
    expect(cleared.status).toBe(204);
    expect((await sim.admin('GET', '/_sim/faults')).body.faults).toEqual([]);
  });

  test('invalid fault answers 400', async () => {
    const result = await sim.admin('POST', '/_sim/faults', { path: '/API/**', mode: 'status' });
    expect(result.status).toBe(400);
    expect(result.body).toEqual({ errors: { status: 'mode "status" needs a status (429, 500, 502 or 503)' } });
  });
});

describe('simulator rate limit', () => {
  test('bucket empties then refills', async () => {
    const sim = await startSimulator({ rateLimit: { perSecond: 5, burst: 5 } });
    try {
      const statuses: number[] = [];
      const remaining: (string | null)[] = [];
      for (let index = 0; index < 6; index += 1) {
        const result = await sim.call('GET', '/API/auth/v1/auth/token/');
        statuses.push(result.status);
        remaining.push(result.headers.get('ratelimit-remaining'));
        if (result.status === 429) expect(result.headers.get('retry-after')).toBe('1');
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      expect(remaining).toEqual(['4', '3', '2', '1', '0', '0']);
      const otherApp = await sim.call('GET', '/API/auth/v1/auth/token/', { as: 'admin' });
      expect(otherApp.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 450));
      const refilled = await sim.call('GET', '/API/auth/v1/auth/token/');
      expect(refilled.status).toBe(200);
    } finally {
      await sim.close();
    }
  });
});
