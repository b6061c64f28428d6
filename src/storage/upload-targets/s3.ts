import { request } from 'undici';
import { requireField, UploadRejectedError, type UploadContext, type UploadTarget } from './types';

/** S3 through Iconik's multipart flow: CreateMultipartUpload, presigned part URLs, then CompleteMultipartUpload. */
export const s3UploadTarget: UploadTarget = {
  method: 'S3',

  async uploadBuffer({ client, assetId, file, signal }: UploadContext, bytes: Buffer): Promise<void> {
    const created = await request(requireField(file, 'multipart_upload_url'), { method: 'POST', signal });
    const createdText = await created.body.text();
    if (created.statusCode !== 200) throw new UploadRejectedError('S3', 'CreateMultipartUpload', created.statusCode, createdText);
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(createdText)?.[1];
    if (uploadId === undefined) throw new UploadRejectedError('S3', 'CreateMultipartUpload', created.statusCode, 'no UploadId in the answer');

    const [part] = await client.s3PartUrls(assetId, file.id, uploadId, 1);
    if (part === undefined) throw new Error(`Iconik returned no part URL for file ${file.id}`);
    const uploaded = await request(part.url, { method: 'PUT', body: bytes, headers: { 'content-length': String(bytes.length) }, signal });
    const uploadedText = await uploaded.body.text();
    if (uploaded.statusCode !== 200) throw new UploadRejectedError('S3', 'UploadPart', uploaded.statusCode, uploadedText);
    const etag = uploaded.headers.etag;
    if (typeof etag !== 'string') throw new UploadRejectedError('S3', 'UploadPart', uploaded.statusCode, 'no ETag header');

    const completeUrl = await client.s3CompleteUrl(assetId, file.id, uploadId);
    const body = `<CompleteMultipartUpload><Part><ETag>${etag}</ETag><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>`;
    const completed = await request(completeUrl, { method: 'POST', body, headers: { 'content-type': 'application/xml' }, signal });
    const completedText = await completed.body.text();
    // S3 can answer 200 with an <Error> body when completion fails late.
    if (completed.statusCode !== 200 || completedText.includes('<Error>')) {
      throw new UploadRejectedError('S3', 'CompleteMultipartUpload', completed.statusCode, completedText);
    }
  },
};
