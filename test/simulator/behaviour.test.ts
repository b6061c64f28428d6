 
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storedFileName } from '../../src/simulator/domain/naming';
import { vendoredSpecDir } from '../../src/simulator/spec/load-specs';
import { fixtureStorages, fixtureViews } from './support/fixture-users';
import { startSimulator, type SimulatorHarness } from './support/harness';
import { createFileRecord } from './support/uploads';

describe('simulator behaviour', () => {
  let sim: SimulatorHarness;
  beforeAll(async () => {
    sim = await startSimulator({ indexLagMs: 300 });
  });
  afterAll(async () => {
    await sim.close();
  });

  test('index lag hides new objects', async () => {
    const parent = await sim.call('POST', '/API/assets/v1/collections/', { body: { title: 'Lag parent' } });
    const child = await sim.call('POST', '/API/assets/v1/collections/', { body: { title: 'Lag child', parent_id: parent.body.id } });
    const byId = await sim.call('GET', `/API/assets/v1/collections/${child.body.id as string}/`);
    expect(byId.status).toBe(200);
    expect(byId.body.parent_id).toBe(parent.body.id);
    const searchBody = { doc_types: ['collections'], filter: { operator: 'AND', terms: [{ name: 'title', value: 'Lag child' }] } };
    const early = await sim.call('POST', '/API/search/v1/search/', { body: searchBody });
    expect(early.body.total).toBe(0);
    const earlyContents = await sim.call('GET', `/API/assets/v1/collections/${parent.body.id as string}/contents/`);
    expect(earlyContents.body.objects).toEqual([]);

    await new Promise((resolve) => setTimeout(resolve, 350));
    const late = await sim.call('POST', '/API/search/v1/search/', { body: searchBody });
    expect(late.body.objects.map((document: { id: string }) => document.id)).toEqual([child.body.id]);
    const lateContents = await sim.call('GET', `/API/assets/v1/collections/${parent.body.id as string}/contents/`);
    expect(lateContents.body.objects.map((object: { id: string; object_type: string }) => [object.object_type, object.id])).toEqual([['collections', child.body.id]]);
  });

  test('page pagination with links', async () => {
    const first = await sim.call('GET', '/API/files/v1/storages/', { query: { per_page: 5 } });
    expect(first.body).toMatchObject({ page: 1, pages: 3, per_page: 5, total: 12, first_url: '/API/files/v1/storages/?per_page=5&page=1', next_url: '/API/files/v1/storages/?per_page=5&page=2' });
    expect(first.body.prev_url).toBeUndefined();
    const last = await sim.call('GET', first.body.last_url as string);
    expect(last.body.objects).toHaveLength(2);
    expect(last.body.next_url).toBeUndefined();
    expect(last.body.prev_url).toBe('/API/files/v1/storages/?per_page=5&page=2');
    const beyond = await sim.call('GET', '/API/files/v1/storages/', { query: { per_page: 5, page: 4 } });
    expect(beyond.status).toBe(404);
    const tooMany = await sim.call('GET', '/API/files/v1/storages/', { query: { per_page: 101 } });
    expect(tooMany.status).toBe(400);
  });

  test('collection contents paging and external id', async () => {
    const root = await sim.call('POST', '/API/assets/v1/collections/', { body: { title: 'Contents root' } });
    const parent = await sim.call('POST', '/API/assets/v1/collections/', { body: { title: 'Contents parent', parent_id: root.body.id } });
    const parentId = parent.body.id as string;
    const assetIds: string[] = [];
    for (const externalId of ['ext-a', 'ext-b', 'ext-c']) {
      const asset = await sim.call('POST', '/API/assets/v1/assets/', { query: { assign_to_collection: 'true' }, body: { title: externalId, external_id: externalId, collection_id: parentId } });
      assetIds.push(asset.body.id as string);
    }
    const child = await sim.call('POST', '/API/assets/v1/collections/', { body: { title: 'Contents child', parent_id: parentId } });
    await new Promise((resolve) => setTimeout(resolve, 350));

    const contentsPath = `/API/assets/v1/collections/${parentId}/contents/`;
    const byExternalId = await sim.call('GET', contentsPath, { query: { object_types: 'assets', external_id: 'ext-b' } });
    expect(byExternalId.body).toMatchObject({ page: 1, pages: 1, total: 1 });
    expect(byExternalId.body.objects).toEqual([expect.objectContaining({ id: assetIds[1], object_type: 'assets', external_id: 'ext-b', in_collections: [parentId], ancestor_collections: [parentId, root.body.id] })]);

    const pageTwo = await sim.call('GET', contentsPath, { query: { per_page: 2, page: 2 } });
    expect(pageTwo.body).toMatchObject({ page: 2, pages: 2, per_page: 2, total: 4 });
    expect(pageTwo.body.objects.map((object: { id: string; in_collections: string[]; ancestor_collections: string[] }) => [object.id, object.in_collections, object.ancestor_collections])).toEqual([
      [assetIds[2], [parentId], [parentId, root.body.id]],
      [child.body.id, [parentId], [parentId, root.body.id]],
    ]);

    const unknownId = await sim.call('GET', contentsPath, { query: { object_types: 'assets', external_id: 'ext-missing' } });
    expect(unknownId.body).toMatchObject({ objects: [], total: 0 });
  });

  test('last_id cursor pagination', async () => {
    const asset = await sim.call('POST', '/API/assets/v1/assets/', { body: { title: 'many formats' } });
    const ids: string[] = [];
    for (const name of ['ORIGINAL', 'PROXY', 'AUDIO', 'SUBTITLES', 'EXTRA']) {
      ids.push((await sim.call('POST', `/API/files/v1/assets/${asset.body.id as string}/formats/`, { body: { name } })).body.id as string);
    }
    const seen: string[] = [];
    let next: string | undefined = `/API/files/v1/assets/${asset.body.id as string}/formats/?per_page=2`;
    let pages = 0;
    while (next !== undefined) {
      const page = await sim.call('GET', next);
      seen.push(...page.body.objects.map((format: { id: string }) => format.id));
      next = page.body.next_url;
      pages += 1;
    }
    expect(seen).toEqual(ids);
    expect(pages).toBe(3);
  });

  test('search_after and page search', async () => {
    const titles = ['sa-1', 'sa-2', 'sa-3', 'sa-4', 'sa-5'];
    for (const title of titles) await sim.call('POST', '/API/assets/v1/assets/', { body: { title, external_id: 'search-after-set' } });
    await new Promise((resolve) => setTimeout(resolve, 350));
    const criteria = { doc_types: ['assets'], filter: { operator: 'AND', terms: [{ name: 'external_id', value: 'search-after-set' }] }, sort: [{ name: 'title', order: 'asc' }] };
    const collected: string[] = [];
    let after: unknown[] | undefined;
    for (let round = 0; round < 3; round += 1) {
      const page = await sim.call('POST', '/API/search/v1/search/', { query: { per_page: 2 }, body: after === undefined ? criteria : { ...criteria, search_after: after } });
      collected.push(...page.body.objects.map((document: { title: string }) => document.title));
      after = page.body.objects.at(-1)?._sort;
    }
    expect(collected).toEqual(titles);
    const second = await sim.call('POST', '/API/search/v1/search/', { query: { per_page: 2, page: 2 }, body: criteria });
    expect(second.body.objects.map((document: { title: string }) => document.title)).toEqual(['sa-3', 'sa-4']);
    expect(second.body).toMatchObject({ page: 2, pages: 3, total: 5 });
  });

  test('add_uuid_to_filenames names objects', async () => {
    const unique = await createFileRecord(sim, fixtureStorages.s3Unique, 'clip.final.mov', 1);
    expect(unique.file.body.original_name).toBe('clip.final.mov');
    expect(unique.file.body.name).toBe(`clip.final-${unique.fileId}.mov`);
    expect(unique.file.body.upload_filename).toBe(`uploads/Pkg/Sub/clip.final-${unique.fileId}.mov`);
    const plain = await createFileRecord(sim, fixtureStorages.s3, 'clip.final.mov', 1);
    expect(plain.file.body.name).toBe('clip.final.mov');
    expect(storedFileName('README', 'id1', true)).toBe('README-id1');
  });

  test('trailing slash is optional', async () => {
    const withSlash = await sim.call('GET', `/API/files/v1/storages/${fixtureStorages.gcs}/`);
    const without = await sim.call('GET', `/API/files/v1/storages/${fixtureStorages.gcs}`);
    expect(without.status).toBe(200);
    expect(without.body).toEqual(withSlash.body);
    const created = await sim.call('POST', '/API/assets/v1/assets', { body: { title: 'no slash' } });
    expect(created.status).toBe(201);
  });

  test('keyframes skip and failure', async () => {
    const ignored = await createFileRecord(sim, fixtureStorages.s3, 'notes.txt', 1);
    const skipped = await sim.call('POST', `/API/files/v1/assets/${ignored.assetId}/files/${ignored.fileId}/keyframes/`);
    expect(skipped.status).toBe(204);
    const video = await createFileRecord(sim, fixtureStorages.s3, 'clip.mov', 1);
    const started = await sim.call('POST', `/API/files/v1/assets/${video.assetId}/files/${video.fileId}/keyframes/`);
    expect(started.status).toBe(200);
    await sim.server.settle();
    const job = await sim.call('GET', `/API/jobs/v1/jobs/${started.body.job_id as string}/`);
    expect(job.body).toMatchObject({ type: 'TRANSCODE', status: 'FAILED', error_message: 'the simulator runs without a keyframe extractor', object_id: video.assetId });
    const state = await sim.admin('GET', '/_sim/state');
    const inspected = state.body.jobs.find((entry: { id: string }) => entry.id === started.body.job_id);
    expect(inspected.history.map((event: { status: string }) => event.status)).toEqual(['STARTED', 'FAILED']);
  });

  test('metadata view required field', async () => {
    const asset = await sim.call('POST', '/API/assets/v1/assets/', { body: { title: 'with metadata' } });
    const path = `/API/metadata/v1/assets/${asset.body.id as string}/views/${fixtureViews.delivery}/`;
    const missing = await sim.call('PUT', path, { body: { metadata_values: { description: { field_values: [{ value: 'x' }] } } } });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ errors: { package_name: 'Field package_name is required in view Delivery.' } });
    const wrongOption = await sim.call('PUT', path, { body: { metadata_values: { package_name: { field_values: [{ value: 'P' }] }, category: { field_values: [{ value: 'other' }] } } } });
    expect(wrongOption.status).toBe(400);
    expect(Object.keys(wrongOption.body.errors)).toEqual(['category']);
    const written = await sim.call('PUT', path, { body: { metadata_values: { package_name: { field_values: [{ value: 'P' }] }, delivery_date: { field_values: [{ value: '2026-12-04' }] } } } });
    expect(written.status).toBe(200);
    const read = await sim.call('GET', path);
    expect(read.body.metadata_values).toEqual({ package_name: { field_values: [{ value: 'P' }] }, delivery_date: { field_values: [{ value: '2026-12-04' }] } });
  });

  test('request counts per route', async () => {
    const state = await sim.admin('GET', '/_sim/state');
    expect(state.body.request_counts['GET /API/files/v1/storages/:storage_id/']).toBe(2);
    expect(JSON.stringify(state.body)).not.toContain('sim-test-only-token');
  });
});

describe('simulator persistence', () => {
  test('state survives a restart', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'iconik-sim-state-')), 'state.json');
    const first = await startSimulator({ stateFile });
    const asset = await first.call('POST', '/API/assets/v1/assets/', { body: { title: 'persisted', external_id: 'pkg-7' } });
    await first.close();
    expect(existsSync(stateFile)).toBe(true);
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).assets[asset.body.id as string].title).toBe('persisted');

    const second = await startSimulator({ stateFile });
    try {
      const again = await second.call('GET', `/API/assets/v1/assets/${asset.body.id as string}/`);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ title: 'persisted', external_id: 'pkg-7' });
      const reset = await second.admin('POST', '/_sim/reset');
      expect(reset.status).toBe(204);
      expect((await second.call('GET', `/API/assets/v1/assets/${asset.body.id as string}/`)).status).toBe(404);
    } finally {
      await second.close();
    }
  });
});

describe('vendored Iconik specs', () => {
  const reference = join(__dirname, '..', '..', '..', 'shared', 'iconik-openapi');
  const run = existsSync(reference) ? test : test.skip;
  run('match the reference copies', () => {
    for (const name of ['auth', 'users', 'files', 'assets', 'jobs', 'metadata', 'search']) {
      const vendored = readFileSync(join(vendoredSpecDir, `${name}.json`));
      expect({ name, identical: vendored.equals(readFileSync(join(reference, `${name}.json`))) }).toEqual({ name, identical: true });
    }
  });
});
