import { verifyCredentials } from '../../src/connect/verify';
import { fixtureStorages, fixtureTokens } from '../simulator/support/fixture-users';
import { startSimulator, type SimulatorHarness } from '../simulator/support/harness';
import { simulatorClient } from '../support/iconik-client';

describe('verifyCredentials', () => {
  let simulator: SimulatorHarness;

  beforeAll(async () => {
    simulator = await startSimulator();
  });

  afterAll(async () => {
    await simulator.close();
  });

  const verify = (credentials: { appId: string; token: string }) => verifyCredentials(simulatorClient(simulator, credentials), credentials.appId);

  it('passes a Power user with every role', async () => {
    const report = await verify(fixtureTokens.power);
    expect(report.ok).toBe(true);
    expect(report.problems).toEqual([]);
    expect(report.credentials).toEqual({ ok: true });
    expect(report.user).toEqual({
      id: fixtureTokens.power.userId,
      name: 'Pat Power',
      email: 'power@sim.example',
      type: 'POWER',
      admin: false,
      status: 'ACTIVE',
    });
    expect(report.roles?.missing).toEqual([]);
    expect(report.roles?.required).toHaveLength(23);
    expect(report.powerUser).toEqual({ ok: true, type: 'POWER' });
    expect(report.storages?.eligible.map((storage) => storage.id).sort()).toEqual(
      [fixtureStorages.s3, fixtureStorages.s3Unique, fixtureStorages.gcs, fixtureStorages.azure, fixtureStorages.b2].sort(),
    );
  });

  it('lists every ineligible storage with all its reasons', async () => {
    const report = await verify(fixtureTokens.admin);
    const reasons = Object.fromEntries((report.storages?.ineligible ?? []).map((storage) => [storage.id, storage.reasons]));
    expect(reasons).toEqual({
      [fixtureStorages.file]: ['method FILE is not supported (use S3, GCS, AZURE or B2)'],
      [fixtureStorages.s3Inactive]: ['status is INACTIVE, not ACTIVE'],
      [fixtureStorages.gcsFailing]: [expect.stringMatching(/^status is FAILING, not ACTIVE/)],
      [fixtureStorages.azureNoDelete]: ['delete is disabled'],
      [fixtureStorages.b2ReadOnly]: ['write is disabled'],
      [fixtureStorages.keyframes]: ['purpose is KEYFRAMES, not FILES'],
      [fixtureStorages.s3NoRead]: ['read is disabled'],
    });
  });

  it('passes an admin whatever its groups', async () => {
    const report = await verify(fixtureTokens.admin);
    expect(report.ok).toBe(true);
    expect(report.user?.admin).toBe(true);
    expect(report.roles?.missing).toEqual([]);
  });

  it('lists exactly the missing roles', async () => {
    const report = await verify(fixtureTokens.limited);
    expect(report.ok).toBe(false);
    expect(report.roles?.missing).toEqual([
      { id: 'can_delete_assets', label: 'Assets: Delete' },
      { id: 'can_purge_assets', label: 'Assets: Purge' },
      { id: 'can_create_transcode_jobs', label: 'Transcode jobs: Create' },
    ]);
    expect(report.problems).toEqual([
      'The Iconik user Lee Limited lacks 3 required roles: Assets: Delete (can_delete_assets), Assets: Purge (can_purge_assets), Transcode jobs: Create (can_create_transcode_jobs). Add them to one of the user\'s groups in Admin > Groups, or make the user an admin.',
    ]);
  });

  it('reports a user who is not a Power user', async () => {
    const report = await verify(fixtureTokens.standard);
    expect(report.powerUser).toEqual({ ok: false, type: 'STANDARD' });
    expect(report.problems).toEqual([
      "The Iconik user Sam Standard is of type STANDARD: syncing package metadata onto assets needs a Power user. Change the user's type in Admin > Users, or bind the token to a Power user.",
    ]);
    // Every role is held, so deliveries work; only metadata sync needs the Power type.
    expect(report.ok).toBe(true);
  });

  it('reports a disabled user', async () => {
    const report = await verify(fixtureTokens.disabled);
    expect(report.ok).toBe(false);
    expect(report.credentials).toEqual({ ok: false, problem: 'user_disabled', message: expect.stringContaining('not active') });
    expect(report.user).toBeUndefined();
  });

  it('reports a wrong token', async () => {
    const report = await verify({ appId: fixtureTokens.power.appId, token: 'not-the-token' });
    expect(report.ok).toBe(false);
    expect(report.credentials).toMatchObject({ ok: false, problem: 'unknown_app_id_or_wrong_token' });
    expect(report.problems[0]).toContain('the token is wrong, revoked or made for another App ID');
    expect(JSON.stringify(report)).not.toContain('not-the-token');
  });

  it('reports an unknown App ID', async () => {
    const report = await verify({ appId: '11111111-2222-4333-8444-555555555555', token: fixtureTokens.power.token });
    expect(report.ok).toBe(false);
    expect(report.credentials).toMatchObject({ ok: false, problem: 'unknown_app_id_or_wrong_token' });
    expect(report.problems[0]).toContain('the App ID is unknown');
  });

  it('rejects an App ID that is not a UUID without calling Iconik', async () => {
    const report = await verify({ appId: 'my-app', token: 'x' });
    expect(report.credentials).toEqual({
      ok: false,
      problem: 'invalid_app_id',
      message: 'The App ID "my-app" is not an Iconik Application ID, which is a UUID: copy it from Admin > Settings > Application Tokens.',
    });
  });
});
