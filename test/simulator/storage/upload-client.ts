import { createHash } from 'node:crypto';
import type { CloudStorageMethod, UploadTarget } from '../../../src/simulator/storage/types';

/**
 * Uploads a whole object through an issued target in one request, the way a
 * client of each method does: S3 PUT on upload_url, Azure Put Blob, a GCS
 * resumable session with one PUT, or B2 b2_upload_file. Throws with the
 * server's reply when the upload fails.
 */
export async function uploadWhole(method: CloudStorageMethod, target: UploadTarget, body: Buffer): Promise<void> {
  const url = target.upload_url ?? '';
  let response: Response;
  switch (method) {
    case 'S3':
      response = await fetch(url, { method: 'PUT', body });
      break;
    case 'AZURE':
      response = await fetch(url, { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body });
      break;
    case 'GCS': {
      const started = await fetch(url, { method: 'POST', headers: { 'x-goog-resumable': 'start', 'content-length': '0' } });
      await started.arrayBuffer();
      if (started.status !== 201) throw new Error(`GCS session start failed with HTTP ${started.status}`);
      response = await fetch(started.headers.get('location') ?? '', {
        method: 'PUT',
        headers: { 'content-range': `bytes 0-${body.length - 1}/${body.length}` },
        body,
      });
      break;
    }
    case 'B2':
      response = await fetch(url, {
        method: 'POST',
        headers: {
          authorization: target.upload_credentials?.authorizationToken ?? '',
          'x-bz-file-name': encodeURIComponent(target.upload_filename),
          'x-bz-content-sha1': createHash('sha1').update(body).digest('hex'),
          'content-type': 'b2/x-auto',
          'content-length': String(body.length),
        },
        body,
      });
      break;
  }
  const text = await response.text();
  if (response.status !== 200 && response.status !== 201) {
    throw new Error(`${method} upload of ${target.upload_filename} failed with HTTP ${response.status}: ${text.slice(0, 500)}`);
  }
}
