import { createHash } from 'node:crypto';
import { z } from 'zod';
import { IconikBadRequestError } from '../../iconik/errors';
import { StorageRequestError } from '../errors';
import type { PartPlan } from '../part-plan';
import { uploadWithFreshTargets, type B2Answer, type B2UploadTarget } from './b2-requests';
import { UploadSessionLostError } from './session-lost';
import type { ResumableUploadSession, SessionContext, SessionToken } from './types';

/**
 * The resume state of a B2 large file. `sha1Prefix` is base64 of the 20-byte
 * SHA-1s of parts 1..n, and `sha1Above` maps the committed parts after them
 * to their SHA-1s. At 10,000 parts the state is about 267 KB, so Temporal
 * warns (above 256 KB) but accepts it (its limit is 2 MB).
 */
export const largeFileStateSchema = z.object({
  kind: z.literal('large'),
  uploadFileId: z.string().min(1),
  uploadUrl: z.string().url(),
  authorizationToken: z.string().min(1),
  sha1Prefix: z.string(),
  sha1Above: z.record(z.string(), z.string().regex(/^[0-9a-f]{40}$/)),
  completed: z.boolean(),
});
type LargeFileState = z.infer<typeof largeFileStateSchema>;

/** A B2 large file: parts sent one at a time to the part upload URL from `multipart/b2/start`, then `multipart/b2/finish` with their SHA-1s. */
export class B2LargeFileSession implements ResumableUploadSession {
  private constructor(
    private readonly context: SessionContext,
    readonly plan: PartPlan,
    private uploadFileId: string,
    private target: B2UploadTarget,
    private readonly sha1s: (string | undefined)[],
    private completed: boolean,
  ) {}

  static async start(context: SessionContext, plan: PartPlan): Promise<B2LargeFileSession> {
    const { uploadFileId, target } = await startLargeFile(context);
    context.logger.info({ uploadFileId, parts: plan.partCount, partSize: plan.partSize }, 'B2 large file started');
    return new B2LargeFileSession(context, plan, uploadFileId, target, new Array<string | undefined>(plan.partCount).fill(undefined), false);
  }

  static resume(context: SessionContext, plan: PartPlan, state: LargeFileState): B2LargeFileSession {
    const sha1s = new Array<string | undefined>(plan.partCount).fill(undefined);
    const prefix = Buffer.from(state.sha1Prefix, 'base64');
    if (prefix.length % 20 !== 0 || prefix.length / 20 > plan.partCount) throw new Error(`the B2 resume token holds an invalid SHA-1 list of ${prefix.length} bytes for ${plan.partCount} parts`);
    for (let index = 0; index * 20 < prefix.length; index++) sha1s[index] = prefix.subarray(index * 20, index * 20 + 20).toString('hex');
    for (const [number, sha1] of Object.entries(state.sha1Above)) {
      const index = Number(number) - 1;
      if (!Number.isInteger(index) || index < 0 || index >= plan.partCount) throw new Error(`the B2 resume token lists part ${number}, but the file has ${plan.partCount} parts`);
      sha1s[index] = sha1;
    }
    const target = { url: state.uploadUrl, authorizationToken: state.authorizationToken };
    return new B2LargeFileSession(context, plan, state.uploadFileId, target, sha1s, state.completed);
  }

  isCommitted(partNumber: number): boolean {
    return this.completed || this.sha1s[partNumber - 1] !== undefined;
  }

  committedCount(): number {
    return this.completed ? this.plan.partCount : this.sha1s.filter((sha1) => sha1 !== undefined).length;
  }

  async uploadPart(partNumber: number, bytes: Buffer): Promise<void> {
    const sha1 = createHash('sha1').update(bytes).digest('hex');
    const build = (target: B2UploadTarget) => ({
      ...target,
      step: 'B2 upload part',
      part: partNumber,
      body: bytes,
      headers: { 'x-bz-part-number': String(partNumber), 'x-bz-content-sha1': sha1 },
    });
    try {
      await uploadWithFreshTargets(this.context.http, this.target, build, (answer) => this.recover(answer), sha1);
    } catch (error) {
      // A rejected token or an unknown large file means B2 no longer takes parts for this upload.
      if (error instanceof StorageRequestError && (error.status === 401 || (error.status === 400 && /no active upload/i.test(error.message)))) {
        throw new UploadSessionLostError('B2', this.uploadFileId);
      }
      throw error;
    }
    this.sha1s[partNumber - 1] = sha1;
  }

  async complete(): Promise<void> {
    if (this.completed) return;
    const missing = this.sha1s.indexOf(undefined);
    if (missing !== -1) throw new Error(`B2 part ${missing + 1} of ${this.plan.partCount} is not uploaded yet, so the large file cannot be finished`);
    const { client, assetId, file } = this.context;
    try {
      await client.b2FinishLargeFile(assetId, file.id, this.uploadFileId, this.sha1s as string[]);
    } catch (error) {
      // Iconik returns 400 when the large file was cancelled or is unknown, so its parts are gone.
      if (error instanceof IconikBadRequestError && /no (b2 large file|active upload)/i.test(`${error.message} ${error.iconikMessage ?? ''}`)) {
        throw new UploadSessionLostError('B2', this.uploadFileId);
      }
      throw error;
    }
    this.completed = true;
  }

  resumeToken(): SessionToken {
    let prefixLength = 0;
    while (prefixLength < this.sha1s.length && this.sha1s[prefixLength] !== undefined) prefixLength++;
    const sha1Above: Record<string, string> = {};
    this.sha1s.forEach((sha1, index) => {
      if (index > prefixLength && sha1 !== undefined) sha1Above[String(index + 1)] = sha1;
    });
    // The part upload token lets its holder add parts to this one large file for 24 hours, and Iconik offers
    // no call that issues a new part URL for a started large file, so the token must survive a crash; the
    // transfer activity encrypts it before it heartbeats it.
    const state: LargeFileState = {
      kind: 'large',
      uploadFileId: this.uploadFileId,
      uploadUrl: this.target.url,
      authorizationToken: this.target.authorizationToken,
      sha1Prefix: Buffer.from(this.sha1s.slice(0, prefixLength).join(''), 'hex').toString('base64'),
      sha1Above,
      completed: this.completed,
    };
    return { method: 'B2', size: this.plan.size, partSize: this.plan.partSize, state };
  }

  /**
   * Chooses the target for the next try of a part. A busy pod or a lost
   * connection keeps the same part URL, because Iconik issues a part URL only
   * with a new large file. An expired or rejected token cannot continue the
   * large file: with no part committed the session starts a new large file,
   * else the committed parts are lost and the transfer has to start again.
   */
  private async recover(answer: B2Answer & { ok: false }): Promise<B2UploadTarget> {
    if (answer.status !== 401) return this.target;
    if (this.committedCount() > 0) throw new UploadSessionLostError('B2', this.uploadFileId);
    const started = await startLargeFile(this.context);
    this.context.logger.info({ abandonedUploadFileId: this.uploadFileId, uploadFileId: started.uploadFileId }, 'B2 part token expired before any part was stored, started a new large file');
    // TODO: cancel the abandoned large file through multipart/b2/cancel, so its parts do not stay stored and billed.
    this.uploadFileId = started.uploadFileId;
    this.target = started.target;
    return this.target;
  }
}

async function startLargeFile(context: SessionContext): Promise<{ uploadFileId: string; target: B2UploadTarget }> {
  const started = await context.client.b2StartLargeFile(context.assetId, context.file.id);
  return { uploadFileId: started.upload_file_id, target: { url: started.upload_url, authorizationToken: started.authorization_token } };
}
