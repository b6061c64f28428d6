 
import { fixtureTokens } from './support/fixture-users';
import { startSimulator, type SimulatorHarness } from './support/harness';

describe('simulator auth', () => {
  let sim: SimulatorHarness;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  test('missing headers answer 401', async () => {
    const none = await sim.call('GET', '/API/users/v1/users/current/', { as: 'none' });
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ errors: ['Token is invalid: send both the App-ID and the Auth-Token header'] });
    const onlyApp = await sim.call('GET', '/API/users/v1/users/current/', { as: 'none', headers: { 'App-ID': fixtureTokens.power.appId } });
    expect(onlyApp.status).toBe(401);
  });

  test('wrong pair answers 401', async () => {
    const wrongToken = await sim.call('GET', '/API/auth/v1/auth/token/', { as: { appId: fixtureTokens.power.appId, token: fixtureTokens.admin.token } });
    expect(wrongToken.status).toBe(401);
    expect(wrongToken.body).toEqual({ errors: ['Token is invalid'] });
    const unknownApp = await sim.call('GET', '/API/auth/v1/auth/token/', { as: { appId: '00000000-0000-4000-8000-00000000ffff', token: fixtureTokens.power.token } });
    expect(unknownApp.status).toBe(401);
    expect(JSON.stringify(unknownApp.body)).not.toContain(fixtureTokens.power.token);
  });

  test('disabled user answers 401', async () => {
    const result = await sim.call('GET', '/API/users/v1/users/current/', { as: 'disabled' });
    expect(result.status).toBe(401);
    expect(result.body).toEqual({ errors: ['Token is invalid: the user of this application token is not active'] });
  });

  test('missing role answers 403', async () => {
    const asset = await sim.call('POST', '/API/assets/v1/assets/', { as: 'limited', body: { title: 'kept' } });
    expect(asset.status).toBe(201);
    const removed = await sim.call('DELETE', `/API/assets/v1/assets/${asset.body.id as string}/`, { as: 'limited' });
    expect(removed.status).toBe(403);
    expect(removed.body).toEqual({ errors: ['Permission denied: this call requires the role can_delete_assets'] });
    expect(sim.server.store.state.assets[asset.body.id as string]?.status).toBe('ACTIVE');
  });

  test('standard user cannot write metadata', async () => {
    const roles = await sim.call('GET', '/API/users/v1/users/current/roles/', { as: 'standard' });
    expect(roles.status).toBe(200);
    expect(roles.body.objects).not.toContain('can_write_metadata_values');
    expect(roles.body.objects).toContain('can_write_files');
    const power = await sim.call('GET', '/API/users/v1/users/current/roles/', { as: 'power' });
    expect(power.body.objects).toHaveLength(31);
  });

  test('admin passes every role check', async () => {
    const roles = await sim.call('GET', '/API/users/v1/users/current/roles/', { as: 'admin' });
    expect(roles.body.objects).toEqual([]);
    const user = await sim.call('GET', '/API/users/v1/users/current/', { as: 'admin' });
    expect(user.body).toMatchObject({ id: fixtureTokens.admin.userId, is_admin: true, type: 'POWER', status: 'ACTIVE' });
    const asset = await sim.call('POST', '/API/assets/v1/assets/', { as: 'admin', body: { title: 'admin asset' } });
    expect(asset.status).toBe(201);
    const removed = await sim.call('DELETE', `/API/assets/v1/assets/${asset.body.id as string}/`, { as: 'admin' });
    expect(removed.status).toBe(204);
  });

  test('token DELETE revokes the token', async () => {
    const before = await sim.call('GET', '/API/auth/v1/auth/token/', { as: 'browse' });
    expect(before.status).toBe(200);
    const revoked = await sim.call('DELETE', '/API/auth/v1/auth/token/', { as: 'browse' });
    expect(revoked.status).toBe(200);
    const after = await sim.call('GET', '/API/auth/v1/auth/token/', { as: 'browse' });
    expect(after.status).toBe(401);
  });

  test('invalid body answers 400 naming the field', async () => {
    const result = await sim.call('POST', '/API/assets/v1/assets/', { body: { type: 'ASSET' }, skipRequestValidation: true });
    expect(result.status).toBe(400);
    expect(result.body).toEqual({ errors: { title: 'Missing data for required field.' } });
  });
});
