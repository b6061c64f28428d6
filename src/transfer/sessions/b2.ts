import { createHash } from 'node:crypto';
import { z } from 'zod';
import { encodeB2FileName } from '../../storage/upload-targets/b2';
import type { PartLimits, PartPlan } from '../part-plan';
import { uploadWithFreshTargets, type B2UploadTarget } from './b2-requests';
import { B2LargeFileSession, largeFileStateSchema } from './b2-large-file';
import type { ResumableUploadMethod, ResumableUploadSession, SessionContext, SessionToken } from './types';

const mebibyte = 1024 * 1024;
/** B2 large files: parts of 5,000,000 bytes to 5 GB (the last part may be smaller), at most 10,000 parts. */
export const b2PartLimits: PartLimits = { minPartSize: 5_000_000, maxPartSize: 5_000_000_000, maxParts: 10_000 };
/** Files up to this size go in one b2_upload_file request, held in memory; larger ones become B2 large files. */
export const defaultB2SingleUploadMaxBytes = 100 * mebibyte;
/** B2 accepts at most 5 GB in one b2_upload_file request. */
const maxSingleUploadBytes = 5_000_000_000;

const singleStateSchema = z.object({ kind: z.literal('single'), completed: z.boolean() });

export interface B2UploadMethodOptions {
  /** Largest file sent in one request; 100 MiB unless a test sets a smaller value. */
  singleUploadMaxBytes?: number;
}

/**
 * B2 through Iconik: a file up to `singleUploadMaxBytes` goes in one upload
 * to the file's `upload_url` with its SHA-1; a larger file becomes a B2 large
 * file through Iconik's `multipart/b2/start` and `finish`, with the parts sent
 * to the part upload URL that start returns. B2 answers that ask for a new
 * upload URL (expired token, too busy, lost connection) get one.
 */
export function createB2UploadMethod(options: B2UploadMethodOptions = {}): ResumableUploadMethod {
  const singleUploadMaxBytes = options.singleUploadMaxBytes ?? defaultB2SingleUploadMaxBytes;
  if (!Number.isSafeInteger(singleUploadMaxBytes) || singleUploadMaxBytes < 1 || singleUploadMaxBytes > maxSingleUploadBytes) {
    throw new RangeError(`B2 single upload limit ${singleUploadMaxBytes} is invalid: use a whole number of bytes from 1 to ${maxSingleUploadBytes}`);
  }

  return {
    method: 'B2',
    limits: b2PartLimits,
    // An upload URL takes one upload at a time, and Iconik hands out one part upload URL per large file.
    maxPartsInFlight: 1,

    async start(context, plan) {
      if (plan.size <= singleUploadMaxBytes) {
        return new B2SingleUpload(context, { size: plan.size, partSize: singleUploadMaxBytes, partCount: 1 }, false);
      }
      return B2LargeFileSession.start(context, plan);
    },

    resume(context, token) {
      if (token.method !== 'B2') throw new Error(`the resume token belongs to storage method ${token.method}, not B2`);
      const plan: PartPlan = { size: token.size, partSize: token.partSize, partCount: Math.max(1, Math.ceil(token.size / token.partSize)) };
      const single = singleStateSchema.safeParse(token.state);
      if (single.success) return Promise.resolve(new B2SingleUpload(context, { ...plan, partCount: 1 }, single.data.completed));
      const large = largeFileStateSchema.safeParse(token.state);
      if (!large.success) throw new Error(`the B2 resume token is invalid: ${large.error.issues[0]?.message ?? 'unknown shape'}`);
      return Promise.resolve(B2LargeFileSession.resume(context, plan, large.data));
    },
  };
}

export const b2UploadMethod = createB2UploadMethod();

/** One b2_upload_file request on the file's upload URL. A resumed attempt sends the whole file again unless it was stored. */
class B2SingleUpload implements ResumableUploadSession {
  constructor(
    private readonly context: SessionContext,
    readonly plan: PartPlan,
    private completed: boolean,
  ) {}

  isCommitted(): boolean {
    return this.completed;
  }

  committedCount(): number {
    return this.completed ? 1 : 0;
  }

  async uploadPart(_partNumber: number, bytes: Buffer): Promise<void> {
    const { context } = this;
    const sha1 = createHash('sha1').update(bytes).digest('hex');
    const fileName = context.file.upload_filename;
    if (fileName == null || fileName === '') throw new Error(`Iconik issued no upload_filename for B2 file ${context.file.id}: request a fresh upload target and retry`);
    const build = (target: B2UploadTarget) => ({
      ...target,
      step: 'B2 upload',
      body: bytes,
      headers: { 'x-bz-file-name': encodeB2FileName(fileName), 'x-bz-content-sha1': sha1, 'content-type': 'b2/x-auto' },
    });
    await uploadWithFreshTargets(context.http, targetOf(context, context.file), build, () => this.freshTarget(), sha1);
    this.completed = true;
  }

  complete(): Promise<void> {
    return this.completed ? Promise.resolve() : Promise.reject(new Error(`B2 file ${this.context.file.id} is not uploaded yet, so the upload cannot be completed`));
  }

  resumeToken(): SessionToken {
    return { method: 'B2', size: this.plan.size, partSize: this.plan.partSize, state: { kind: 'single', completed: this.completed } };
  }

  private async freshTarget(): Promise<B2UploadTarget> {
    const { client, assetId, file } = this.context;
    return targetOf(this.context, await client.getFile(assetId, file.id, { freshUploadTarget: true }));
  }
}

function targetOf(context: SessionContext, file: SessionContext['file']): B2UploadTarget {
  const token = file.upload_credentials?.authorizationToken;
  const url = file.upload_url;
  if (typeof token !== 'string' || token === '' || url == null || url === '') {
    throw new Error(`Iconik issued no B2 upload_url or upload_credentials.authorizationToken for file ${context.file.id}: Iconik's own call to B2 may have failed; retry to request a fresh upload target`);
  }
  return { url, authorizationToken: token };
}
