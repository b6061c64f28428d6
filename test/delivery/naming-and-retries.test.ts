import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { finishUpdate, progressQuery, retryFailedFilesUpdate } from '../../src/workflows/delivery/messages';
import type { deliveryWorkflow } from '../../src/workflows/delivery/delivery-workflow';
import { fixtureStorages, fixtureTokens } from '../simulator/support/fixture-users';
import { startDeliveryHarness, type DeliveryHarness } from '../support/delivery-harness';
import { writePackage } from '../support/delivery-packages';
import { waitFor } from '../support/wait-for';

describe('delivery naming, repeats and failed files', () => {
  let harness: DeliveryHarness;
  let integrationId: string;

  beforeAll(async () => {
    harness = await startDeliveryHarness({ supportWindow: '2 minutes' });
    const integration = await harness.integrations.create({
      name: 'Naming',
      iconikBaseUrl: harness.simulator.url,
      appId: fixtureTokens.power.appId,
      token: fixtureTokens.power.token,
      storageId: fixtureStorages.s3Unique,
      targetDirectory: 'incoming/media',
      sendToCloud: true,
    });
    integrationId = integration.id;
  });

  afterAll(async () => {
    await harness.close();
  });

  async function deliver(pkg: ReturnType<typeof writePackage>) {
    await harness.packages.save(pkg);
    const { deliveryId } = await harness.starter.start({ integrationId, packageId: pkg.id });
    return harness.temporal.workflow.getHandle<typeof deliveryWorkflow>(deliveryId);
  }

  const state = () => harness.simulator.server.store.state;
  const titlesUnder = (parentTitle: string) => {
    const parents = Object.values(state().collections).filter((collection) => collection.title === parentTitle);
    return Object.values(state().collections)
      .filter((collection) => parents.some((parent) => parent.id === collection.parent_id))
      .map((collection) => String(collection.title))
      .sort();
  };

  it('numbers a second and a third package of the same name', async () => {
    const first = await (await deliver(writePackage(harness.sourceRoot, { name: 'Rushes', portal: null, files: { 'a.txt': Buffer.from('1') } }))).result();
    const second = await (await deliver(writePackage(harness.sourceRoot, { name: 'Rushes', portal: null, files: { 'a.txt': Buffer.from('2') } }))).result();
    const third = await (await deliver(writePackage(harness.sourceRoot, { name: 'Rushes', portal: null, files: { 'a.txt': Buffer.from('3') } }))).result();
    expect([first.deliveredName, second.deliveredName, third.deliveredName]).toEqual(['Rushes', 'Rushes (2)', 'Rushes (3)']);
    expect(third.destinationPath).toBe('/incoming/media/MASV/Rushes (3)');
    expect(titlesUnder('MASV')).toEqual(['Rushes', 'Rushes (2)', 'Rushes (3)']);

    // The storage's path ("uploads") and the target directory come first; the storage adds the file id to each name.
    const stored: string[] = [];
    for await (const object of harness.simulator.storage.byMethod.S3.listObjects('iconik-sim-s3-unique', 'uploads/incoming/media/MASV/Rushes')) stored.push(object.key);
    const fileIds = (title: string) =>
      Object.values(state().files)
        .filter((file) => file.original_name === 'a.txt' && String(file.directory_path) === `incoming/media/MASV/${title}`)
        .map((file) => String(file.id));
    const expected = ['Rushes', 'Rushes (2)', 'Rushes (3)'].flatMap((title) => fileIds(title).map((id) => `uploads/incoming/media/MASV/${title}/a-${id}.txt`));
    expect(expected).toHaveLength(3);
    // MinIO outlives test runs, so earlier runs' objects may sit beside these.
    expect(stored).toEqual(expect.arrayContaining(expected));
  });

  it('gives two same-name packages that start at once different numbers', async () => {
    const handles = await Promise.all([
      deliver(writePackage(harness.sourceRoot, { name: 'Together', portal: null, files: { 'x.txt': Buffer.from('x') } })),
      deliver(writePackage(harness.sourceRoot, { name: 'Together', portal: null, files: { 'y.txt': Buffer.from('y') } })),
    ]);
    const names = (await Promise.all(handles.map((handle) => handle.result()))).map((summary) => summary.deliveredName).sort();
    expect(names).toEqual(['Together', 'Together (2)']);
    expect(titlesUnder('MASV').filter((title) => title.startsWith('Together'))).toEqual(['Together', 'Together (2)']);
  });

  it('repeated package creates no duplicates', async () => {
    const pkg = writePackage(harness.sourceRoot, { name: 'Repeat', portal: null, folders: ['sub'], files: { 'sub/one.bin': Buffer.from('one'), 'two.bin': Buffer.from('two') } });
    await harness.packages.save(pkg);
    const [a, b] = await Promise.all([harness.starter.start({ integrationId, packageId: pkg.id }), harness.starter.start({ integrationId, packageId: pkg.id })]);
    expect(a).toEqual(b);
    const first = await harness.temporal.workflow.getHandle<typeof deliveryWorkflow>(a.deliveryId).result();

    const counts = () => ({
      collections: Object.values(state().collections).filter((collection) => String(collection.title).startsWith('Repeat') || collection.title === 'sub').length,
      assets: Object.values(state().assets).filter((asset) => asset.title === 'one.bin' || asset.title === 'two.bin').length,
      files: Object.values(state().files).filter((file) => file.original_name === 'one.bin' || file.original_name === 'two.bin').length,
      jobs: Object.values(state().jobs).filter((job) => job.type === 'TRANSFER' && (job.title === 'Deliver one.bin' || job.title === 'Deliver two.bin')).length,
    });
    expect(counts()).toEqual({ collections: 2, assets: 2, files: 2, jobs: 2 });

    // A webhook repeated after completion gets the completed delivery back.
    const repeated = await harness.starter.start({ integrationId, packageId: pkg.id });
    expect(repeated).toEqual(a);

    // A re-run asked for by a person resumes the same objects instead of numbering a copy.
    const again = await harness.starter.start({ integrationId, packageId: pkg.id }, { rerun: true });
    expect(again.deliveryId).toBe(a.deliveryId);
    expect(again.runId).not.toBe(a.runId);
    const second = await harness.temporal.workflow.getHandle<typeof deliveryWorkflow>(again.deliveryId).result();
    expect(second.deliveredName).toBe(first.deliveredName);
    expect(counts()).toEqual({ collections: 2, assets: 2, files: 2, jobs: 2 });
  });

  it('parks a failing file, then delivers it on retryFailedFiles', async () => {
    const pkg = writePackage(harness.sourceRoot, { name: 'Parked', portal: null, files: { 'good.bin': Buffer.from('good'), 'bad.bin': Buffer.from('12345678') } });
    // The source is shorter than the package declares, which no retry can fix.
    const badSource = fileURLToPath(pkg.files.find((file) => file.path === 'bad.bin')!.source);
    writeFileSync(badSource, Buffer.from('1234'));
    const handle = await deliver(pkg);

    await waitFor(async () => (await handle.query(progressQuery)).stage === 'waiting_for_support');
    const progress = await handle.query(progressQuery);
    expect(progress).toMatchObject({ filesTotal: 2, filesDelivered: 1, filesFailed: 1 });
    expect(progress.failedFiles).toEqual([{ path: 'bad.bin', reason: expect.stringContaining('source of bad.bin has 4 bytes but the package declares 8') }]);
    const badJob = Object.values(state().jobs).find((job) => job.title === 'Deliver bad.bin');
    expect(badJob?.status).toBe('FAILED');

    writeFileSync(badSource, Buffer.from('12345678'));
    expect(await handle.executeUpdate(retryFailedFilesUpdate)).toEqual({ requeued: 1 });
    const summary = await handle.result();
    expect(summary).toMatchObject({ outcome: 'completed', filesDelivered: 2, failedCount: 0 });
    expect(Object.values(state().jobs).find((job) => job.title === 'Deliver bad.bin')?.status).toBe('FINISHED');
  });

  it('ends a parked delivery on finish', async () => {
    const pkg = writePackage(harness.sourceRoot, { name: 'Given up', portal: null, files: { 'bad.bin': Buffer.from('12345678') } });
    writeFileSync(fileURLToPath(pkg.files[0]!.source), Buffer.from('1'));
    const handle = await deliver(pkg);
    await waitFor(async () => (await handle.query(progressQuery)).stage === 'waiting_for_support');
    await expect(handle.executeUpdate(finishUpdate)).resolves.toEqual({ finished: true });
    const summary = await handle.result();
    expect(summary).toMatchObject({ outcome: 'completed_with_failures', filesDelivered: 0, failedCount: 1 });
  });

  it('rejects retryFailedFiles when nothing failed', async () => {
    // A 40 MiB file keeps the delivery busy while the update is sent.
    const handle = await deliver(writePackage(harness.sourceRoot, { name: 'Clean', portal: null, files: { 'ok.bin': Buffer.alloc(40 * 1024 * 1024, 7) } }));
    await waitFor(async () => (await handle.query(progressQuery)).stage === 'files', 60_000);
    await expect(handle.executeUpdate(retryFailedFilesUpdate)).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await handle.result();
  });
});
