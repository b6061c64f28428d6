 
import { createHash } from 'node:crypto';
import { routeUrl } from '../../src/simulator/http/routing';
import { loadIconikSpecs } from '../../src/simulator/spec/load-specs';
import { requiredRoles } from '../../src/simulator/spec/roles';
import { createSchemaValidator } from '../../src/simulator/spec/validator';
import { fixtureStorages, fixtureViews } from './support/fixture-users';
import { startSimulator, type SimulatorHarness } from './support/harness';
import { createFileRecord } from './support/uploads';

/** Every Iconik route the simulator serves; a route added to the simulator must be added here and called below. */
const contractTable = [
  'GET /API/auth/v1/auth/token/',
  'DELETE /API/auth/v1/auth/token/',
  'GET /API/users/v1/users/current/',
  'GET /API/users/v1/users/current/roles/',
  'GET /API/files/v1/storages/',
  'GET /API/files/v1/storages/:storage_id/',
  'GET /API/files/v1/storages/:purpose/default/',
  'GET /API/files/v1/storages/matching/:purpose/',
  'POST /API/assets/v1/collections/',
  'GET /API/assets/v1/collections/',
  'GET /API/assets/v1/collections/:collection_id/',
  'PATCH /API/assets/v1/collections/:collection_id/',
  'DELETE /API/assets/v1/collections/:collection_id/',
  'GET /API/assets/v1/collections/:collection_id/contents/',
  'POST /API/assets/v1/collections/:collection_id/contents/',
  'DELETE /API/assets/v1/collections/:collection_id/contents/:object_type/:object_id/',
  'POST /API/assets/v1/assets/',
  'GET /API/assets/v1/assets/:asset_id/',
  'PATCH /API/assets/v1/assets/:asset_id/',
  'DELETE /API/assets/v1/assets/:asset_id/',
  'DELETE /API/assets/v1/assets/:asset_id/purge/',
  'POST /API/files/v1/assets/:asset_id/formats/',
  'GET /API/files/v1/assets/:asset_id/formats/',
  'GET /API/files/v1/assets/:asset_id/formats/:format_id/',
  'POST /API/files/v1/assets/:asset_id/file_sets/',
  'GET /API/files/v1/assets/:asset_id/file_sets/',
  'GET /API/files/v1/assets/:asset_id/file_sets/:file_set_id/',
  'DELETE /API/files/v1/assets/:asset_id/file_sets/:file_set_id/',
  'POST /API/files/v1/assets/:asset_id/files/',
  'GET /API/files/v1/assets/:asset_id/files/',
  'GET /API/files/v1/assets/:asset_id/files/:file_id/',
  'PATCH /API/files/v1/assets/:asset_id/files/:file_id/',
  'DELETE /API/files/v1/assets/:asset_id/files/:file_id/',
  'GET /API/files/v1/files/checksum/:checksum/',
  'GET /API/files/v1/assets/:asset_id/files/:file_id/multipart_url/part/',
  'POST /API/files/v1/assets/:asset_id/files/:file_id/multipart_url/s3/part/',
  'GET /API/files/v1/assets/:asset_id/files/:file_id/multipart_url/',
  'POST /API/files/v1/assets/:asset_id/files/:file_id/multipart/cleanup/',
  'POST /API/files/v1/assets/:asset_id/files/:file_id/multipart/b2/start/',
  'POST /API/files/v1/assets/:asset_id/files/:file_id/multipart/b2/finish/',
  'POST /API/files/v1/assets/:asset_id/files/:file_id/multipart/b2/cancel/',
  'POST /API/files/v1/assets/:asset_id/files/:file_id/keyframes/',
  'GET /API/files/v1/assets/:asset_id/keyframes/',
  'POST /API/jobs/v1/jobs/',
  'GET /API/jobs/v1/jobs/',
  'GET /API/jobs/v1/jobs/:job_id/',
  'PATCH /API/jobs/v1/jobs/:job_id/',
  'PATCH /API/jobs/v1/jobs/:job_id/steps/',
  'GET /API/metadata/v1/views/',
  'GET /API/metadata/v1/views/:view_id/',
  'GET /API/metadata/v1/fields/',
  'GET /API/metadata/v1/fields/:field_name/',
  'GET /API/metadata/v1/:object_type/:object_id/views/:view_id/',
  'PUT /API/metadata/v1/:object_type/:object_id/views/:view_id/',
  'POST /API/search/v1/search/',
];

const specs = loadIconikSpecs();
const validator = createSchemaValidator(specs);

describe('simulator contract', () => {
  let sim: SimulatorHarness;
  beforeAll(async () => {
    sim = await startSimulator({ keyframes: { extract: () => Promise.resolve([{ type: 'KEYFRAME', filename: 'frame-0001.jpg', size: 1234, width: 640, height: 360, timeMs: 0 }]) } });
  });
  afterAll(async () => {
    await sim.close();
  });

  test('route table lists every registered route', () => {
    const registered = sim.server.routes.map((route) => `${route.method} ${routeUrl(route)}`).sort();
    expect(registered).toEqual([...contractTable].sort());
    for (const entry of contractTable) {
      const [method, url] = entry.split(' ') as ['GET', string];
      expect(sim.server.app.hasRoute({ method, url })).toBe(true);
    }
  });

  test('schema validator rejects wrong shapes', () => {
    const file = validator.validateResponse('files', '/v1/assets/{asset_id}/files/', 'POST', 201, { original_name: 'a.mov', directory_path: '', type: 'FILE', file_set_id: 'x', upload_url: null });
    expect(file?.valid).toBe(false);
    expect(Object.keys(file?.errors ?? {}).sort()).toEqual(['file_set_id', 'upload_url']);
    const missing = validator.validateRequest('files', '/v1/assets/{asset_id}/files/', 'POST', { directory_path: '' });
    expect(missing.errors).toEqual({ original_name: 'Missing data for required field.', type: 'Missing data for required field.' });
    const partial = validator.validateRequest('files', '/v1/assets/{asset_id}/files/{file_id}/', 'PATCH', { status: 'CLOSED' }, { partial: true });
    expect(partial).toEqual({ valid: true, errors: {} });
    const wrongEnum = validator.validateRequest('files', '/v1/assets/{asset_id}/files/{file_id}/', 'PATCH', { status: 'DONE' }, { partial: true });
    expect(Object.keys(wrongEnum.errors)).toEqual(['status']);
  });

  test('route roles come from the spec text', () => {
    const table = Object.fromEntries(sim.server.routes.map((route) => [`${route.method} ${routeUrl(route)}`, requiredRoles(specs, route.service, route.specPath, route.method)]));
    expect(table['POST /API/files/v1/assets/:asset_id/files/']).toEqual(['can_write_files']);
    expect(table['POST /API/assets/v1/assets/']).toEqual(['can_create_assets']);
    expect(table['DELETE /API/assets/v1/assets/:asset_id/']).toEqual(['can_delete_assets']);
    expect(table['POST /API/files/v1/assets/:asset_id/files/:file_id/keyframes/']).toEqual(['can_create_transcode_jobs']);
    expect(table['PUT /API/metadata/v1/:object_type/:object_id/views/:view_id/']).toEqual(['can_write_metadata_values']);
    expect(table['POST /API/search/v1/search/']).toEqual(['can_search']);
    expect(table['GET /API/files/v1/storages/']).toEqual(['can_read_storages']);
    expect(table['GET /API/auth/v1/auth/token/']).toEqual([]);
    expect(table['GET /API/users/v1/users/current/']).toEqual([]);
    for (const [route, roles] of Object.entries(table)) {
      if (route.startsWith('GET /API/auth') || route.startsWith('DELETE /API/auth') || route.startsWith('GET /API/users')) continue;
      expect({ route, count: roles.length }).toEqual({ route, count: 1 });
    }
  });

  test('every route answers its response schema', async () => {
    const call = sim.call.bind(sim);
    await call('GET', '/API/auth/v1/auth/token/');
    await call('GET', '/API/users/v1/users/current/');
    await call('GET', '/API/users/v1/users/current/roles/');
    await call('GET', '/API/files/v1/storages/', { query: { purpose: 'FILES', per_page: 2, page: 2 } });
    await call('GET', `/API/files/v1/storages/${fixtureStorages.gcs}/`);
    await call('GET', '/API/files/v1/storages/FILES/default/');
    await call('GET', '/API/files/v1/storages/matching/FILES/');

    const root = await call('POST', '/API/assets/v1/collections/', { body: { title: 'MASV' } });
    const child = await call('POST', '/API/assets/v1/collections/', { body: { title: 'My Upload', parent_id: root.body.id, external_id: 'package-1' } });
    await call('GET', '/API/assets/v1/collections/', { query: { is_root: 'true' } });
    await call('GET', `/API/assets/v1/collections/${child.body.id}/`);
    await call('PATCH', `/API/assets/v1/collections/${child.body.id}/`, { body: { title: 'My Upload (2)' } });

    const s3 = await createFileRecord(sim, fixtureStorages.s3, 'clip.mov', 11);
    await call('POST', `/API/assets/v1/collections/${child.body.id}/contents/`, { body: { object_id: s3.assetId, object_type: 'assets' } });
    await call('GET', `/API/assets/v1/collections/${child.body.id}/contents/`, { query: { object_types: 'assets,collections' } });
    await call('GET', `/API/assets/v1/assets/${s3.assetId}/`, { query: { include_collections: true } });
    await call('PATCH', `/API/assets/v1/assets/${s3.assetId}/`, { body: { title: 'clip (final).mov' } });
    await call('GET', `/API/files/v1/assets/${s3.assetId}/formats/`);
    await call('GET', `/API/files/v1/assets/${s3.assetId}/formats/ORIGINAL/`);
    await call('GET', `/API/files/v1/assets/${s3.assetId}/formats/${s3.formatId}/`);
    await call('GET', `/API/files/v1/assets/${s3.assetId}/file_sets/`);
    await call('GET', `/API/files/v1/assets/${s3.assetId}/file_sets/${s3.fileSetId}/`);
    await call('GET', `/API/files/v1/assets/${s3.assetId}/files/`);
    await call('GET', `/API/files/v1/assets/${s3.assetId}/files/${s3.fileId}/`, { query: { generate_signed_post_url: true } });

    const base = `/API/files/v1/assets/${s3.assetId}/files/${s3.fileId}`;
    const created = await fetch(s3.file.body.multipart_upload_url as string, { method: 'POST' });
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(await created.text())?.[1] ?? '';
    await call('GET', `${base}/multipart_url/part/`, { query: { upload_id: uploadId, parts_num: 3, per_page: 2, page: 2 } });
    await call('POST', `${base}/multipart_url/s3/part/`, { body: { upload_id: uploadId, parts: [{ part_number: 1, checksum: null }, { part_number: 2 }] } });
    await call('GET', `${base}/multipart_url/`, { query: { upload_id: uploadId, type: 'complete_url' } });
    await call('POST', `${base}/multipart/cleanup/`, { body: { upload_id: uploadId, abort_upload: true } });
    await call('PATCH', `${base}/`, { body: { status: 'CLOSED', size: 11, checksum: 'c0ffee00c0ffee00c0ffee00c0ffee00' } });
    await call('GET', '/API/files/v1/files/checksum/c0ffee00c0ffee00c0ffee00c0ffee00/');
    const keyframes = await call('POST', `${base}/keyframes/`, { body: { priority: 5 } });
    await sim.server.settle();
    await call('GET', `/API/files/v1/assets/${s3.assetId}/keyframes/`);
    await call('GET', `/API/jobs/v1/jobs/${keyframes.body.job_id}/`);

    const b2 = await createFileRecord(sim, fixtureStorages.b2, 'large.mov', 5);
    const b2Base = `/API/files/v1/assets/${b2.assetId}/files/${b2.fileId}/multipart/b2`;
    const started = await call('POST', `${b2Base}/start/`);
    const part = Buffer.from('hello');
    const partSha1 = createHash('sha1').update(part).digest('hex');
    const partUpload = await fetch(started.body.upload_url as string, {
      method: 'POST',
      headers: { Authorization: started.body.authorization_token as string, 'X-Bz-Part-Number': '1', 'X-Bz-Content-Sha1': partSha1 },
      body: part,
    });
    expect(partUpload.status).toBe(200);
    await call('POST', `${b2Base}/finish/`, { body: { upload_file_id: started.body.upload_file_id, sha1_list: [partSha1] } });
    const second = await call('POST', `${b2Base}/start/`);
    await call('POST', `${b2Base}/cancel/`, { body: { upload_file_id: second.body.upload_file_id } });

    const job = await call('POST', '/API/jobs/v1/jobs/', { body: { type: 'TRANSFER', status: 'STARTED', title: 'Upload clip.mov', object_type: 'assets', object_id: s3.assetId, progress_total: 100 } });
    await call('PATCH', `/API/jobs/v1/jobs/${job.body.id}/`, { body: { progress_processed: 50 } });
    await call('PATCH', `/API/jobs/v1/jobs/${job.body.id}/steps/`, { body: { steps: [{ id: '00000000-0000-4000-8000-00000000aaaa', label: 'Upload', status: 'IN_PROGRESS' }] } });
    await call('GET', '/API/jobs/v1/jobs/', { query: { object_id: s3.assetId } });

    await call('GET', '/API/metadata/v1/views/');
    await call('GET', `/API/metadata/v1/views/${fixtureViews.delivery}/`);
    await call('GET', '/API/metadata/v1/fields/', { query: { per_page: 3 } });
    await call('GET', '/API/metadata/v1/fields/category/');
    await call('PUT', `/API/metadata/v1/assets/${s3.assetId}/views/${fixtureViews.delivery}/`, {
      body: { metadata_values: { package_name: { field_values: [{ value: 'My Upload' }] }, keywords: { field_values: [{ value: 'a' }, { value: 'b' }] } } },
    });
    await call('GET', `/API/metadata/v1/assets/${s3.assetId}/views/${fixtureViews.delivery}/`);
    await call('POST', '/API/search/v1/search/', { body: { doc_types: ['collections'], filter: { operator: 'AND', terms: [{ name: 'title', value: 'MASV' }] } } });

    await call('DELETE', `/API/assets/v1/collections/${child.body.id}/contents/assets/${s3.assetId}/`);
    await call('DELETE', `/API/files/v1/assets/${b2.assetId}/files/${b2.fileId}/`);
    await call('DELETE', `/API/files/v1/assets/${s3.assetId}/file_sets/${s3.fileSetId}/`, { query: { keep_source: true } });
    await call('DELETE', `/API/assets/v1/assets/${b2.assetId}/`);
    await call('DELETE', `/API/assets/v1/assets/${b2.assetId}/purge/`);
    await call('DELETE', `/API/assets/v1/collections/${child.body.id}/`);
    await call('DELETE', '/API/auth/v1/auth/token/', { as: 'admin' });

    const covered = new Set<string>();
    for (const result of sim.calls) {
      const route = result.route;
      if (route === undefined) throw new Error('a call matched no simulator route');
      const name = `${route.method} ${routeUrl(route)}`;
      expect({ name, status: result.status, documented: validator.documentsStatus(route.service, route.specPath, route.method, result.status) }).toEqual({ name, status: result.status, documented: true });
      expect({ name, success: result.status < 300 }).toEqual({ name, success: true });
      const check = validator.validateResponse(route.service, route.specPath, route.method, result.status, result.body);
      expect({ name, errors: check?.errors ?? {} }).toEqual({ name, errors: {} });
      covered.add(name);
    }
    expect([...covered].sort()).toEqual([...contractTable].sort());
  });
});
