import { request } from 'undici';
import { requireField, UploadRejectedError, type UploadContext, type UploadTarget } from './types';

/** GCS resumable upload: start a session on Iconik's upload URL, then send the bytes to the session URI. */
export const gcsUploadTarget: UploadTarget = {
  method: 'GCS',

  async uploadBuffer({ file, signal }: UploadContext, bytes: Buffer): Promise<void> {
    const started = await request(requireField(file, 'upload_url'), {
      method: 'POST',
      headers: { 'x-goog-resumable': 'start', 'content-length': '0' },
      signal,
    });
    const startedText = await started.body.text();
    const sessionUri = started.headers.location;
    if (started.statusCode >= 300 || typeof sessionUri !== 'string') {
      throw new UploadRejectedError('GCS', 'start resumable session', started.statusCode, startedText);
    }

    const range = bytes.length === 0 ? 'bytes */0' : `bytes 0-${bytes.length - 1}/${bytes.length}`;
    const sent = await request(sessionUri, {
      method: 'PUT',
      body: bytes,
      headers: { 'content-length': String(bytes.length), 'content-range': range },
      signal,
    });
    const sentText = await sent.body.text();
    if (sent.statusCode !== 200 && sent.statusCode !== 201) throw new UploadRejectedError('GCS', 'upload', sent.statusCode, sentText);
  },
};
