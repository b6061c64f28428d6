import { Writable } from 'node:stream';
import pino from 'pino';
import { IconikClient } from '../../src/iconik/client';
import { endpoints } from '../../src/iconik/endpoints';
import {
  IconikAuthenticationError,
  IconikBadRequestError,
  IconikNotFoundError,
  IconikPermissionError,
  IconikUnavailableError,
} from '../../src/iconik/errors';
import { Throttle } from '../../src/iconik/throttle';
import { IconikTransport } from '../../src/iconik/transport';
import { anySchema } from '../../src/iconik/schemas';
import { fixtureStorages, fixtureTokens } from '../simulator/support/fixture-users';
import { startSimulator, type SimulatorHarness } from '../simulator/support/harness';
import { invalidIconikRequests } from '../support/iconik-requests';
import { RecordingAgent } from '../support/recording-agent';

/** Captures every log line the client writes. */
function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: pino({ level: 'trace' }, stream), lines };
}

describe('IconikClient against the simulator', () => {
  let simulator: SimulatorHarness;
  let agent: RecordingAgent;
  let logs: ReturnType<typeof capturingLogger>;

  beforeAll(async () => {
    simulator = await startSimulator();
  });

  afterAll(async () => {
    await simulator.close();
  });

  beforeEach(() => {
    agent = new RecordingAgent();
    logs = capturingLogger();
    simulator.server.faults.clear();
  });

  afterEach(async () => {
    expect(invalidIconikRequests(simulator, agent.requests)).toEqual([]);
    for (const line of logs.lines) {
      for (const { token } of Object.values(fixtureTokens)) expect(line).not.toContain(token);
    }
    await agent.close();
  });

  function client(who: { appId: string; token: string } = fixtureTokens.power, overrides: Partial<ConstructorParameters<typeof IconikClient>[0]> = {}) {
    return new IconikClient({
      baseUrl: simulator.url,
      appId: who.appId,
      authToken: who.token,
      logger: logs.logger,
      dispatcher: agent,
      throttle: new Throttle(1_000),
      retry: { maxAttempts: 4, initialDelayMs: 10, maxDelayMs: 2_000 },
      ...overrides,
    });
  }

  it('reads the token, user and roles', async () => {
    const iconik = client();
    await iconik.checkToken();
    const user = await iconik.currentUser();
    const roles = await iconik.currentUserRoles();

    expect(user).toEqual({
      id: fixtureTokens.power.userId,
      email: 'power@sim.example',
      first_name: 'Pat',
      last_name: 'Power',
      type: 'POWER',
      status: 'ACTIVE',
      is_admin: false,
      groups: ['00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000a2'],
    });
    expect(roles).toContain('can_write_files');
    expect(roles).toHaveLength(31);
    expect(agent.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /API/auth/v1/auth/token/',
      'GET /API/users/v1/users/current/',
      'GET /API/users/v1/users/current/roles/',
    ]);
    for (const request of agent.requests) {
      expect(request.headers['app-id']).toBe(fixtureTokens.power.appId);
      expect(request.headers['auth-token']).toBe(fixtureTokens.power.token);
    }
  });

  it('lists every storage', async () => {
    const storages = await client().listStorages();
    expect(storages.map((storage) => storage.id).sort()).toEqual(Object.values(fixtureStorages).sort());
    expect(agent.requests[0]?.path).toBe('/API/files/v1/storages/?page=1&per_page=100');
  });

  it('raises an authentication error for a wrong token', async () => {
    const error = await client({ appId: fixtureTokens.power.appId, token: 'wrong-token-value' }).checkToken().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IconikAuthenticationError);
    const failure = error as IconikAuthenticationError;
    expect(failure.status).toBe(401);
    expect(failure.retryable).toBe(false);
    expect(failure.call).toEqual({ method: 'GET', endpoint: 'auth/v1/auth/token/', host: new URL(simulator.url).host });
    expect(failure.message).toContain('rejected the App ID and token');
    expect(failure.message).not.toContain('wrong-token-value');
    expect(JSON.stringify(failure)).not.toContain('wrong-token-value');
  });

  it('names the missing role on 403', async () => {
    const error = await client(fixtureTokens.browse).listStorages().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IconikPermissionError);
    const failure = error as IconikPermissionError;
    expect(failure.status).toBe(403);
    expect(failure.requiredRole).toBe('can_read_storages');
    expect(failure.message).toContain("add the role can_read_storages to one of the user's groups in Admin > Groups");
  });

  it('raises not found for an unknown storage', async () => {
    const error = await client().getStorage('00000000-0000-4000-8000-00000000ffff').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IconikNotFoundError);
    expect((error as IconikNotFoundError).call.endpoint).toBe('files/v1/storages/{storage_id}/');
  });

  it('raises a bad request naming the field', async () => {
    const iconik = client();
    const asset = await iconik.createAsset({ title: 'bad request probe' });
    const error = await iconik
      .createFileSet(asset.id, { storage_id: fixtureStorages.s3, name: 'x', base_dir: '', component_ids: [] } as never)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IconikBadRequestError);
    expect((error as IconikBadRequestError).iconikMessage).toContain('format_id');
    // The invalid body is this test's own doing; keep it out of the request-schema check.
    agent.requests.splice(agent.requests.findIndex((request) => request.path.includes('/file_sets/')), 1);
  });

  it('retries 429 honouring Retry-After', async () => {
    simulator.server.faults.add({ method: 'GET', path: '/API/files/v1/storages/', mode: 'status', status: 429, retry_after: 1, count: 2 });
    const started = Date.now();
    const storages = await client().listStorages();
    expect(storages).toHaveLength(Object.keys(fixtureStorages).length);
    expect(agent.requests).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    expect(logs.lines.filter((line) => line.includes('Iconik call failed, retrying'))).toHaveLength(2);
  });

  it('retries 502, 503 and a dropped connection', async () => {
    simulator.server.faults.add({ method: 'GET', path: '/API/users/v1/users/current/', mode: 'status', status: 502, count: 1 });
    simulator.server.faults.add({ method: 'GET', path: '/API/users/v1/users/current/', mode: 'status', status: 503, count: 1 });
    simulator.server.faults.add({ method: 'GET', path: '/API/users/v1/users/current/', mode: 'drop', count: 1 });
    const user = await client().currentUser();
    expect(user.id).toBe(fixtureTokens.power.userId);
    expect(agent.requests).toHaveLength(4);
  });

  it('gives up after the last attempt', async () => {
    simulator.server.faults.add({ method: 'GET', path: '/API/users/v1/users/current/', mode: 'status', status: 503, count: 10 });
    const error = await client().currentUser().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IconikUnavailableError);
    expect((error as IconikUnavailableError).retryable).toBe(true);
    expect((error as Error).message).toBe(`Iconik at ${new URL(simulator.url).host} responded 503 to GET users/v1/users/current/ on all 4 attempts; retry later.`);
    expect(agent.requests).toHaveLength(4);
  });

  it('does not resend a POST after a dropped connection', async () => {
    simulator.server.faults.add({ method: 'POST', path: '/API/assets/v1/assets/', mode: 'drop', count: 1 });
    const error = await client().createAsset({ title: 'maybe created' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IconikUnavailableError);
    expect((error as Error).message).toContain('it may have processed the request, so look for the object before creating it again');
    expect(agent.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
  });

  it('resends a POST after 503', async () => {
    simulator.server.faults.add({ method: 'POST', path: '/API/assets/v1/assets/', mode: 'status', status: 503, count: 1 });
    const asset = await client().createAsset({ title: 'created on the second try' });
    expect(asset.title).toBe('created on the second try');
    expect(agent.requests.filter((request) => request.method === 'POST')).toHaveLength(2);
  });

  it('does not retry a 500', async () => {
    simulator.server.faults.add({ method: 'GET', path: '/API/users/v1/users/current/', mode: 'status', status: 500, count: 1 });
    await expect(client().currentUser()).rejects.toThrow('responded 500 to GET users/v1/users/current/');
    expect(agent.requests).toHaveLength(1);
  });

  it('pauses when RateLimit-Remaining reaches zero', async () => {
    simulator.server.faults.add({ method: 'GET', path: '/API/users/v1/users/current/', mode: 'status', status: 429, rate_limit_remaining: 0, count: 1 });
    const iconik = client(fixtureTokens.power, { retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 1 } });
    const started = Date.now();
    await iconik.currentUser();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('throttles one App ID to its rate', async () => {
    const iconik = client(fixtureTokens.power, { throttle: new Throttle(40) });
    const started = Date.now();
    await Promise.all(Array.from({ length: 80 }, () => iconik.checkToken()));
    // The first 40 calls use the burst; the next 40 take a second at 40 per second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(agent.requests).toHaveLength(80);
  });

  it('reports an unreachable host with the cause', async () => {
    const iconik = new IconikClient({
      baseUrl: 'http://127.0.0.1:9',
      appId: fixtureTokens.power.appId,
      authToken: fixtureTokens.power.token,
      logger: logs.logger,
      dispatcher: agent,
      throttle: new Throttle(1_000),
      retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 1 },
    });
    const error = await iconik.checkToken().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IconikUnavailableError);
    expect((error as Error).message).toMatch(/^Iconik at 127\.0\.0\.1:9 could not be reached for GET auth\/v1\/auth\/token\/ after 2 attempts: connect ECONNREFUSED 127\.0\.0\.1:9\. Check the base URL/);
  });

  it('never sends DELETE to the token endpoint', async () => {
    const transport = new IconikTransport({
      baseUrl: simulator.url,
      appId: fixtureTokens.power.appId,
      authToken: fixtureTokens.power.token,
      logger: logs.logger,
      dispatcher: agent,
      throttle: new Throttle(1_000),
      retry: { maxAttempts: 1, initialDelayMs: 1, maxDelayMs: 1 },
    });
    await expect(transport.send({ endpoint: { ...endpoints.checkToken, method: 'DELETE' }, schema: anySchema })).rejects.toThrow(
      'the Iconik client never sends DELETE to the token endpoint',
    );
    expect(agent.requests).toHaveLength(0);
  });
});
