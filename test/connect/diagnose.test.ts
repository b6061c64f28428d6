import { diagnoseIntegration } from '../../src/connect/diagnose';
import { fixtureStorages, fixtureTokens } from '../simulator/support/fixture-users';
import { startSimulator, type SimulatorHarness } from '../simulator/support/harness';
import { simulatorClient } from '../support/iconik-client';

describe('diagnoseIntegration', () => {
  let simulator: SimulatorHarness;

  beforeAll(async () => {
    simulator = await startSimulator();
  });

  afterAll(async () => {
    await simulator.close();
  });

  beforeEach(async () => {
    expect((await simulator.admin('POST', '/_sim/reset')).status).toBe(204);
  });

  const diagnose = (credentials: { appId: string; token: string }, storageId: string) =>
    diagnoseIntegration({ client: simulatorClient(simulator, credentials), storageId });

  /** Keys of every object left under the diagnostic folder of a storage. */
  async function diagnosticObjects(storageId: string): Promise<string[]> {
    const storage = simulator.server.store.state.storages[storageId];
    if (storage === undefined) throw new Error(`no storage ${storageId}`);
    const method = storage.method as 'S3' | 'GCS' | 'AZURE' | 'B2';
    const bucket = storage.settings.bucket ?? storage.settings.container ?? '';
    const prefix = [storage.settings.path, 'iconik-delivery-diagnostics/'].filter((part) => part !== '').join('/');
    const keys: string[] = [];
    for await (const object of simulator.storage.byMethod[method].listObjects(bucket, prefix)) keys.push(object.key);
    return keys;
  }

  function diagnosticAssets(): unknown[] {
    return Object.values(simulator.server.store.state.assets).filter((asset) => String(asset.title).startsWith('iconik-delivery diagnostic'));
  }

  it.each([
    ['S3', fixtureStorages.s3],
    ['S3 with unique names', fixtureStorages.s3Unique],
    ['GCS', fixtureStorages.gcs],
    ['AZURE', fixtureStorages.azure],
    ['B2', fixtureStorages.b2],
  ])('passes every check on %s and cleans up', async (_method, storageId) => {
    const report = await diagnose(fixtureTokens.power, storageId);
    expect(report.checks.map((check) => [check.name, check.status])).toEqual([
      ['token', 'pass'],
      ['roles', 'pass'],
      ['storage', 'pass'],
      ['test_upload', 'pass'],
    ]);
    expect(report.ok).toBe(true);
    expect(report.checks[3]?.detail).toMatch(/^uploaded and closed \d+ bytes as iconik-delivery-diagnostics\/diagnostic-[0-9a-f-]+\.txt$/);
    expect(await diagnosticObjects(storageId)).toEqual([]);
    expect(diagnosticAssets()).toEqual([]);
  });

  it('fails the token check and skips the rest', async () => {
    const report = await diagnose({ appId: fixtureTokens.power.appId, token: 'revoked-token' }, fixtureStorages.s3);
    expect(report.ok).toBe(false);
    expect(report.checks.map((check) => [check.name, check.status])).toEqual([
      ['token', 'fail'],
      ['roles', 'skipped'],
      ['storage', 'skipped'],
      ['test_upload', 'skipped'],
    ]);
    expect(report.checks[0]?.fix).toBe('Make a new application token in Admin > Settings > Application Tokens and update the integration with it.');
  });

  it('fails the token check for a disabled user', async () => {
    const report = await diagnose(fixtureTokens.disabled, fixtureStorages.s3);
    expect(report.checks[0]).toMatchObject({ name: 'token', status: 'fail' });
  });

  it('fails the roles check naming each missing role', async () => {
    const report = await diagnose(fixtureTokens.limited, fixtureStorages.s3);
    expect(report.checks[1]).toEqual({
      name: 'roles',
      status: 'fail',
      detail: 'missing roles: Assets: Delete (can_delete_assets), Assets: Purge (can_purge_assets), Transcode jobs: Create (can_create_transcode_jobs)',
      fix: "Add the missing roles to one of the user's groups in Admin > Groups.",
    });
    expect(report.ok).toBe(false);
  });

  it.each([
    [fixtureStorages.s3Inactive, 'status is INACTIVE, not ACTIVE'],
    [fixtureStorages.azureNoDelete, 'delete is disabled'],
    [fixtureStorages.b2ReadOnly, 'write is disabled'],
    [fixtureStorages.file, 'method FILE is not supported (use S3, GCS, AZURE or B2)'],
  ])('fails the storage check for %s', async (storageId, reason) => {
    const report = await diagnose(fixtureTokens.power, storageId);
    expect(report.checks[2]).toMatchObject({ name: 'storage', status: 'fail' });
    expect(report.checks[2]?.detail).toContain(reason);
    expect(report.checks[3]).toEqual({ name: 'test_upload', status: 'skipped', detail: 'not run because the storage does not qualify' });
  });

  it('fails the storage check for a deleted storage', async () => {
    const report = await diagnose(fixtureTokens.power, '00000000-0000-4000-8000-00000000dead');
    expect(report.checks[2]?.status).toBe('fail');
    expect(report.checks[2]?.fix).toBe('The storage was deleted in Iconik: delete the integration and connect again with another storage.');
  });

  it('fails the test upload when the storage rejects the upload URL', async () => {
    simulator.server.faults.add({ method: 'POST', path: '/API/files/v1/assets/*/files/', mode: 'expired_upload_url', count: 1 });
    const report = await diagnose(fixtureTokens.power, fixtureStorages.azure);
    expect(report.checks[3]).toMatchObject({ name: 'test_upload', status: 'fail' });
    expect(report.checks[3]?.detail).toMatch(/^AZURE upload failed at Put Blob: the storage responded 403/);
    expect(await diagnosticObjects(fixtureStorages.azure)).toEqual([]);
    expect(diagnosticAssets()).toEqual([]);
  });

  it('fails the test upload when the user may not create assets', async () => {
    // The limited user lacks asset deletion, so the upload runs but clean-up is reported.
    const report = await diagnose(fixtureTokens.limited, fixtureStorages.s3);
    expect(report.checks[3]?.status).toBe('pass');
    expect(report.checks[3]?.detail).toContain('clean-up left behind asset');
    expect(report.checks[3]?.detail).toContain('delete them in Iconik by hand');
  });
});
