import { z } from 'zod';
import type { IconikFile } from '../../iconik/schemas';
import { s3PartLimits, type PartPlan } from '../part-plan';
import { sendStorageRequest, type StorageAnswer } from '../storage-http';
import { StorageRequestError } from '../errors';
import { packEtags, unpackEtags } from './packed-etags';
import { UploadSessionLostError } from './session-lost';
import type { ResumableUploadMethod, ResumableUploadSession, SessionContext, SessionToken } from './types';

/** Part URLs requested from Iconik per call; Iconik pages them and allows up to 1,000 per page. */
const partUrlsPerPage = 100;
/** Fresh URLs fetched for one request before giving up, when the storage keeps rejecting the URL as expired. */
const maxUrlRefreshes = 3;

const stateSchema = z.object({
  uploadId: z.string().min(1),
  etags: z.object({ prefix: z.union([z.string(), z.array(z.string())]), above: z.record(z.string(), z.string()) }),
  completed: z.boolean(),
});
type S3SessionState = z.infer<typeof stateSchema>;

/**
 * S3 through Iconik: CreateMultipartUpload on the file's
 * `multipart_upload_url`, UploadPart on part URLs that Iconik presigns in
 * pages, and CompleteMultipartUpload on the URL from `multipart_url/?type=complete_url`.
 * A 403 "Request has expired" makes the session fetch fresh URLs and send the
 * request again, so an expired target never restarts the upload.
 */
export const s3UploadMethod: ResumableUploadMethod = {
  method: 'S3',
  limits: s3PartLimits,
  maxPartsInFlight: 64,

  async start(context, plan) {
    const uploadId = await createMultipartUpload(context);
    context.logger.info({ parts: plan.partCount, partSize: plan.partSize }, 'S3 multipart upload created');
    return new S3Session(context, plan, { uploadId, etags: new Array<string | undefined>(plan.partCount).fill(undefined), completed: false });
  },

  resume(context, token) {
    if (token.method !== 'S3') throw new Error(`the resume token belongs to storage method ${token.method}, not S3`);
    const parsed = stateSchema.safeParse(token.state);
    if (!parsed.success) throw new Error(`the S3 resume token is invalid: ${parsed.error.issues[0]?.message ?? 'unknown shape'}`);
    const plan: PartPlan = { size: token.size, partSize: token.partSize, partCount: Math.max(1, Math.ceil(token.size / token.partSize)) };
    const state = parsed.data;
    const etags = unpackEtags(state.etags, plan.partCount);
    return Promise.resolve(new S3Session(context, plan, { uploadId: state.uploadId, etags, completed: state.completed }));
  },
};

class S3Session implements ResumableUploadSession {
  private readonly uploadId: string;
  private readonly etags: (string | undefined)[];
  private completed: boolean;
  /** Part URLs by page number, shared by the parts of a page; a page is dropped when one of its URLs expires. */
  private readonly pages = new Map<number, Promise<Map<number, string>>>();

  constructor(
    private readonly context: SessionContext,
    readonly plan: PartPlan,
    state: { uploadId: string; etags: (string | undefined)[]; completed: boolean },
  ) {
    this.uploadId = state.uploadId;
    this.etags = state.etags;
    this.completed = state.completed;
  }

  isCommitted(partNumber: number): boolean {
    return this.completed || this.etags[partNumber - 1] !== undefined;
  }

  committedCount(): number {
    return this.completed ? this.plan.partCount : this.etags.filter((etag) => etag !== undefined).length;
  }

  async uploadPart(partNumber: number, bytes: Buffer): Promise<void> {
    for (let refresh = 0; ; refresh++) {
      const pageRequest = this.partUrlPage(partNumber);
      const url = (await pageRequest).get(partNumber);
      if (url === undefined) throw new Error(`Iconik returned no URL for S3 part ${partNumber} of file ${this.context.file.id}`);
      const answer = await sendStorageRequest(this.context.http, {
        method: 'PUT',
        url,
        step: 'S3 UploadPart',
        part: partNumber,
        body: bytes,
        headers: { 'content-length': String(bytes.length) },
      });
      if (answer.status === 200) {
        const etag = answer.headers.etag;
        if (typeof etag !== 'string' || etag === '') throw new StorageRequestError(`S3 UploadPart of part ${partNumber}`, 200, undefined, 'the response has no ETag header');
        this.etags[partNumber - 1] = etag;
        return;
      }
      if (isExpired(answer) && refresh < maxUrlRefreshes) {
        this.context.logger.info({ part: partNumber, status: answer.status }, 'S3 part URL expired, fetching fresh part URLs');
        // Only the page that failed is dropped, and only once when several of its parts fail together.
        const page = pageOf(partNumber);
        if (this.pages.get(page) === pageRequest) this.pages.delete(page);
        continue;
      }
      if (answer.status === 404 && answer.code === 'NoSuchUpload') throw new UploadSessionLostError('S3', this.uploadId);
      throw new StorageRequestError(`S3 UploadPart of part ${partNumber}`, answer.status, answer.code, answer.message ?? '');
    }
  }

  async complete(): Promise<void> {
    if (this.completed) return;
    const missing = this.etags.findIndex((etag) => etag === undefined);
    if (missing !== -1) throw new Error(`S3 part ${missing + 1} of ${this.plan.partCount} is not uploaded yet, so the upload cannot be completed`);
    const parts = this.etags.map((etag, index) => `<Part><PartNumber>${index + 1}</PartNumber><ETag>${escapeXml(etag ?? '')}</ETag></Part>`).join('');
    const body = `<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${parts}</CompleteMultipartUpload>`;
    const { client, assetId, file } = this.context;

    for (let refresh = 0; ; refresh++) {
      const url = await client.s3CompleteUrl(assetId, file.id, this.uploadId);
      const answer = await sendStorageRequest(this.context.http, { method: 'POST', url, step: 'S3 CompleteMultipartUpload', body, headers: { 'content-type': 'application/xml' } });
      // S3 may return 200 with an <Error> body when completion fails after the headers went out.
      if (answer.status === 200 && answer.code === undefined) {
        this.completed = true;
        return;
      }
      if (isExpired(answer) && refresh < maxUrlRefreshes) {
        this.context.logger.info({ status: answer.status }, 'S3 complete URL expired, fetching a fresh one');
        continue;
      }
      if (answer.status === 404 && answer.code === 'NoSuchUpload') throw new UploadSessionLostError('S3', this.uploadId);
      throw new StorageRequestError('S3 CompleteMultipartUpload', answer.status, answer.code, answer.message ?? '');
    }
  }

  resumeToken(): SessionToken {
    const state: S3SessionState = { uploadId: this.uploadId, etags: packEtags(this.etags), completed: this.completed };
    return { method: 'S3', size: this.plan.size, partSize: this.plan.partSize, state };
  }

  /** Returns the part URLs of the page that contains `partNumber`, requesting the page from Iconik once. */
  private partUrlPage(partNumber: number): Promise<Map<number, string>> {
    const page = pageOf(partNumber);
    let urls = this.pages.get(page);
    if (urls === undefined) {
      const { client, assetId, file } = this.context;
      urls = client
        .s3PartUrls(assetId, file.id, this.uploadId, this.plan.partCount, page, partUrlsPerPage)
        .then((objects) => new Map(objects.map((part) => [part.number, part.url])));
      // A failed request is forgotten, so the next part requests it again.
      urls.catch(() => this.pages.delete(page));
      this.pages.set(page, urls);
    }
    return urls;
  }
}

/** Sends CreateMultipartUpload and returns the upload id, fetching a fresh target when the issued one expired. */
async function createMultipartUpload(context: SessionContext): Promise<string> {
  let file: IconikFile = context.file;
  for (let refresh = 0; ; refresh++) {
    const url = file.multipart_upload_url;
    if (url == null || url === '') {
      throw new Error(`Iconik issued no multipart_upload_url for S3 file ${file.id}: check that the storage is an S3 storage with writes allowed, then retry`);
    }
    const answer = await sendStorageRequest(context.http, { method: 'POST', url, step: 'S3 CreateMultipartUpload' });
    if (answer.status === 200) {
      const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(answer.text)?.[1];
      if (uploadId === undefined) throw new StorageRequestError('S3 CreateMultipartUpload', 200, undefined, 'the response has no UploadId');
      return uploadId;
    }
    if (isExpired(answer) && refresh < maxUrlRefreshes) {
      context.logger.info({ status: answer.status }, 'S3 upload target expired, fetching a fresh one');
      file = await context.client.getFile(context.assetId, file.id, { freshUploadTarget: true });
      continue;
    }
    throw new StorageRequestError('S3 CreateMultipartUpload', answer.status, answer.code, answer.message ?? '');
  }
}

function pageOf(partNumber: number): number {
  return Math.ceil(partNumber / partUrlsPerPage);
}

/** S3 and MinIO reject an expired presigned URL with 403 AccessDenied "Request has expired". */
function isExpired(answer: StorageAnswer): boolean {
  return answer.status === 403 && /request has expired/i.test(answer.message ?? answer.text);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
