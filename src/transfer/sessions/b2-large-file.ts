import { createHash } from 'node:crypto';
import { z } from 'zod';
import { IconikBadRequestError } from '../../iconik/errors';
import { StorageRequestError } from '../errors';
import type { PartPlan } from '../part-plan';
import { uploadWithFreshTargets, type B2UploadTarget } from './b2-requests';
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

  /**
   * Resumes from the heartbeated SHA-1s. A part stored after the last recorded heartbeat is sent again, which
   * B2 allows: the second upload of a part number replaces the first.
   * NOTE: B2's b2_list_parts would show such parts, but it needs an account authorization token, which
   * Iconik keeps, and Iconik has no route that lists the parts of a B2 large file.
   */
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
      await uploadWithFreshTargets(this.context.http, this.target, build, () => this.freshTarget(), sha1);
    } catch (error) {
      if (error instanceof StorageRequestError && error.status === 400 && /no active upload/i.test(error.message)) {
        throw new UploadSessionLostError('B2', this.uploadFileId);
      }
      // B2 rejects the token itself (bad_auth_token), so no part can be added to this large file any more.
      if (error instanceof StorageRequestError && error.status === 401) {
        await cancelLargeFile(this.context, this.uploadFileId, 'B2 rejected its part upload token');
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
      if (isLargeFileGone(error)) throw new UploadSessionLostError('B2', this.uploadFileId);
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
    // The part upload token lets its holder add parts to this one large file for 24 hours. A resumed attempt
    // uses it as it is, because renewing it relies on an undocumented use of Iconik's multipart/b2/start. The
    // transfer activity encrypts the token before it heartbeats it.
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
   * Gets a fresh part upload URL and token for this large file, after B2
   * asked for one (expired token, too busy, lost connection), by naming the
   * large file in Iconik's `multipart/b2/start`. When Iconik starts a new large
   * file instead, the session moves to it if no part is stored yet, and
   * otherwise gives up both, because the stored parts belong to the old one.
   * Either way the large file left behind is cancelled.
   */
  private async freshTarget(): Promise<B2UploadTarget> {
    const { client, assetId, file, logger } = this.context;
    let fresh: Awaited<ReturnType<typeof client.b2StartLargeFile>>;
    try {
      fresh = await client.b2StartLargeFile(assetId, file.id, this.uploadFileId);
    } catch (error) {
      if (isLargeFileGone(error)) throw new UploadSessionLostError('B2', this.uploadFileId);
      throw error;
    }
    const target = { url: fresh.upload_url, authorizationToken: fresh.authorization_token };
    if (fresh.upload_file_id === this.uploadFileId) {
      logger.info({ uploadFileId: this.uploadFileId, committedParts: this.committedCount() }, 'B2 part upload URL renewed');
      this.target = target;
      return target;
    }

    const abandoned = this.uploadFileId;
    if (this.committedCount() === 0) {
      logger.info({ abandonedUploadFileId: abandoned, uploadFileId: fresh.upload_file_id }, 'Iconik started a new B2 large file before any part was stored, moving to it');
      this.uploadFileId = fresh.upload_file_id;
      this.target = target;
      await cancelLargeFile(this.context, abandoned, 'the upload moved to a new large file');
      return target;
    }
    await cancelLargeFile(this.context, fresh.upload_file_id, 'Iconik started it in place of a part upload URL for a large file with stored parts');
    await cancelLargeFile(this.context, abandoned, 'Iconik issued no part upload URL for it');
    throw new UploadSessionLostError('B2', abandoned);
  }
}

async function startLargeFile(context: SessionContext): Promise<{ uploadFileId: string; target: B2UploadTarget }> {
  const started = await context.client.b2StartLargeFile(context.assetId, context.file.id);
  return { uploadFileId: started.upload_file_id, target: { url: started.upload_url, authorizationToken: started.authorization_token } };
}

/**
 * Cancels a large file that the upload no longer uses, so B2 deletes its
 * parts. A failure is logged and not thrown, because the transfer can go on
 * without it; the parts then stay stored until someone cancels the file.
 */
async function cancelLargeFile(context: SessionContext, uploadFileId: string, reason: string): Promise<void> {
  try {
    await context.client.b2CancelLargeFile(context.assetId, context.file.id, uploadFileId);
    context.logger.info({ uploadFileId, reason }, 'B2 large file cancelled');
  } catch (error) {
    if (isLargeFileGone(error)) return;
    context.logger.warn({ uploadFileId, reason, err: error }, 'cancelling the abandoned B2 large file failed, so its parts stay stored');
  }
}

/** Iconik returns 400 when the large file was cancelled, finished or is unknown. */
function isLargeFileGone(error: unknown): boolean {
  return error instanceof IconikBadRequestError && /no (b2 large file|active upload)|is (already )?(aborted|finished)/i.test(`${error.message} ${error.iconikMessage ?? ''}`);
}
