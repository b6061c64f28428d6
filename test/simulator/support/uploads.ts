 
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { CloudStorageMethod } from '../../../src/simulator/storage/types';
import type { SimulatorHarness } from './harness';

/** Creates asset, format, file set and file on a storage, returning the ids and the file create's answer. */
export async function createFileRecord(sim: SimulatorHarness, storageId: string, originalName: string, size: number, directoryPath = 'Pkg/Sub') {
  const asset = await sim.call('POST', '/API/assets/v1/assets/', { body: { title: originalName, type: 'ASSET' } });
  const assetId = asset.body.id as string;
  const format = await sim.call('POST', `/API/files/v1/assets/${assetId}/formats/`, { body: { name: 'ORIGINAL', metadata: [{ internet_media_type: 'video/quicktime' }], storage_methods: ['S3'] } });
  const fileSet = await sim.call('POST', `/API/files/v1/assets/${assetId}/file_sets/`, {
    body: { format_id: format.body.id, storage_id: storageId, name: originalName, base_dir: directoryPath, component_ids: [] },
  });
  const file = await sim.call('POST', `/API/files/v1/assets/${assetId}/files/`, {
    body: { original_name: originalName, directory_path: directoryPath, size, type: 'FILE', storage_id: storageId, file_set_id: fileSet.body.id, format_id: format.body.id },
  });
  return { assetId, formatId: format.body.id as string, fileSetId: fileSet.body.id as string, fileId: file.body.id as string, file };
}

/** Uploads bytes to an issued target the way each method's public clients do; returns the HTTP status of the last storage call. */
export async function uploadBytes(sim: SimulatorHarness, method: CloudStorageMethod, file: Record<string, any>, bytes: Buffer): Promise<number> {
  switch (method) {
    case 'S3':
      return uploadS3Multipart(sim, file, bytes);
    case 'GCS': {
      const start = await fetch(file.upload_url as string, { method: 'POST', headers: { 'x-goog-resumable': 'start', 'content-length': '0' } });
      const session = start.headers.get('location');
      if (session === null) throw new Error(`GCS resumable start answered ${start.status} without a Location header: ${await start.text()}`);
      const put = await fetch(session, { method: 'PUT', body: bytes });
      await put.arrayBuffer();
      return put.status;
    }
    case 'AZURE': {
      const put = await fetch(file.upload_url as string, { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: bytes });
      await put.arrayBuffer();
      return put.status;
    }
    case 'B2': {
      const post = await fetch(file.upload_url as string, {
        method: 'POST',
        headers: {
          Authorization: file.upload_credentials.authorizationToken as string,
          'X-Bz-File-Name': encodeURIComponent(file.upload_filename as string),
          'X-Bz-Content-Sha1': createHash('sha1').update(bytes).digest('hex'),
          'Content-Type': 'b2/x-auto',
        },
        body: bytes,
      });
      await post.arrayBuffer();
      return post.status;
    }
  }
}

// S3 as StorageDNA does it: create the multipart upload, fetch part URLs from Iconik, PUT the part, complete through Iconik's complete_url.
async function uploadS3Multipart(sim: SimulatorHarness, file: Record<string, any>, bytes: Buffer): Promise<number> {
  const created = await fetch(file.multipart_upload_url as string, { method: 'POST' });
  const xml = await created.text();
  const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(xml)?.[1];
  if (uploadId === undefined) throw new Error(`CreateMultipartUpload answered ${created.status} without an UploadId: ${xml}`);
  const base = `/API/files/v1/assets/${file.asset_id as string}/files/${file.id as string}`;
  const parts = await sim.call('GET', `${base}/multipart_url/part/`, { query: { upload_id: uploadId, parts_num: 1, per_page: 10, page: 1 } });
  const put = await fetch(parts.body.objects[0].url as string, { method: 'PUT', body: bytes });
  const etag = put.headers.get('etag');
  await put.arrayBuffer();
  const complete = await sim.call('GET', `${base}/multipart_url/`, { query: { upload_id: uploadId, type: 'complete_url' } });
  const done = await fetch(complete.body.complete_url as string, {
    method: 'POST',
    headers: { 'content-type': 'application/xml' },
    body: `<CompleteMultipartUpload><Part><ETag>${etag ?? ''}</ETag><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>`,
  });
  await done.text();
  return done.status;
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}
