import { createHash } from 'node:crypto';
import { request } from 'undici';
import { requireField, UploadRejectedError, type UploadContext, type UploadTarget } from './types';

/**
 * Percent-encodes a B2 file name as B2 requires: UTF-8, every byte outside
 * the unreserved set encoded, and "/" kept as the folder separator.
 */
export function encodeB2FileName(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/');
}

/** B2: one upload with the authorization token from Iconik and the content's SHA-1. */
export const b2UploadTarget: UploadTarget = {
  method: 'B2',

  async uploadBuffer({ file, signal }: UploadContext, bytes: Buffer): Promise<void> {
    const token = file.upload_credentials?.authorizationToken;
    if (typeof token !== 'string' || token === '') {
      throw new Error(`Iconik issued no upload_credentials.authorizationToken for B2 file ${file.id}: request a fresh upload target and retry.`);
    }
    const answer = await request(requireField(file, 'upload_url'), {
      method: 'POST',
      body: bytes,
      headers: {
        authorization: token,
        'x-bz-file-name': encodeB2FileName(requireField(file, 'upload_filename')),
        'x-bz-content-sha1': createHash('sha1').update(bytes).digest('hex'),
        'content-type': 'b2/x-auto',
        'content-length': String(bytes.length),
      },
      signal,
    });
    const text = await answer.body.text();
    if (answer.statusCode !== 200) throw new UploadRejectedError('B2', 'upload', answer.statusCode, text);
  },
};
