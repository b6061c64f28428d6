import { createHash } from 'node:crypto';
import type { TransferInput } from '../../../../src/transfer';
import type { CloudStorageMethod } from '../../../../src/simulator/storage/types';
import { fixtureStorages } from '../../../simulator/support/fixture-users';
import type { TransferStack } from '../../support/transfer-stack';

/** The fixture storage of each method that the method tests upload to. */
export const storageOf: Record<CloudStorageMethod, string> = {
  S3: fixtureStorages.s3,
  GCS: fixtureStorages.gcs,
  AZURE: fixtureStorages.azure,
  B2: fixtureStorages.b2,
};

/** Creates asset, format, file set, file record and TRANSFER job for one file on the method's fixture storage, and returns the activity input. */
export async function prepareFileOn(stack: TransferStack, method: keyof typeof storageOf, name: string, size: number, source: string): Promise<TransferInput> {
  const { client } = stack;
  const storageId = storageOf[method];
  const asset = await client.createAsset({ title: name });
  const format = await client.createFormat(asset.id, { name: 'ORIGINAL', storage_methods: [method] });
  const fileSet = await client.createFileSet(asset.id, { format_id: format.id, storage_id: storageId, name, base_dir: 'Transfers', component_ids: [] });
  const file = await client.createFile(asset.id, { original_name: name, directory_path: 'Transfers', size, type: 'FILE', storage_id: storageId, file_set_id: fileSet.id, format_id: format.id });
  const job = await client.createJob({ type: 'TRANSFER', status: 'STARTED', title: `Transfer ${name}`, object_type: 'assets', object_id: asset.id });
  return { deliveryId: 'delivery-1', packageId: 'package-1', integrationId: stack.integrationId, path: `Pkg/${name}`, source, size, assetId: asset.id, fileId: file.id, jobId: job.id };
}

/** Reads back the object of a file record from the method's storage and returns its key, size and MD5. */
export async function readBackOn(stack: TransferStack, method: keyof typeof storageOf, input: TransferInput): Promise<{ key: string; size: number; md5: string }> {
  const file = await stack.client.getFile(input.assetId, input.fileId, { freshUploadTarget: true });
  const storage = await stack.client.getStorage(storageOf[method]);
  const settings = storage.settings as Record<string, unknown> | undefined;
  const bucket = String(method === 'AZURE' ? settings?.container : settings?.bucket);
  const key = file.upload_filename ?? '';
  const hash = createHash('md5');
  let size = 0;
  for await (const chunk of await stack.storage.byMethod[method].readObject({ method, bucket, key })) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { key, size, md5: hash.digest('hex') };
}
