import { request } from 'undici';
import { requireField, UploadRejectedError, type UploadContext, type UploadTarget } from './types';

/** Azure Blob: one Put Blob on the SAS URL Iconik issued. */
export const azureUploadTarget: UploadTarget = {
  method: 'AZURE',

  async uploadBuffer({ file, signal }: UploadContext, bytes: Buffer): Promise<void> {
    const answer = await request(requireField(file, 'upload_url'), {
      method: 'PUT',
      body: bytes,
      headers: { 'x-ms-blob-type': 'BlockBlob', 'content-length': String(bytes.length) },
      signal,
    });
    const text = await answer.body.text();
    if (answer.statusCode !== 201) throw new UploadRejectedError('AZURE', 'Put Blob', answer.statusCode, text);
  },
};
