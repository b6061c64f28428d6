import { z } from 'zod';
import { StorageRequestError } from '../errors';
import { partRange, type PartLimits, type PartPlan } from '../part-plan';
import { sendStorageRequest, type StorageAnswer } from '../storage-http';
import { UploadSessionLostError } from './session-lost';
import type { ResumableUploadMethod, ResumableUploadSession, SessionContext, SessionToken } from './types';

const mebibyte = 1024 * 1024;
/** GCS accepts a resumable chunk only in multiples of 256 KiB, except the last chunk. */
export const gcsChunkMultiple = 256 * 1024;
/**
 * Chunk limits of a GCS resumable upload. GCS sets no chunk count limit. The
 * 10,000 chunks of at most 525 MiB cap the memory per transfer and still fit
 * GCS's maximum object size of 5 TiB.
 */
export const gcsPartLimits: PartLimits = { minPartSize: gcsChunkMultiple, maxPartSize: 525 * mebibyte, maxParts: 10_000 };
/** Times one chunk is sent again when GCS stored only part of it. */
const maxShortWrites = 5;

const stateSchema = z.object({
  sessionUri: z.string().url(),
  committedBytes: z.number().int().nonnegative(),
  completed: z.boolean(),
});
type GcsSessionState = z.infer<typeof stateSchema>;

/**
 * GCS resumable upload: a POST with `x-goog-resumable: start` on the file's
 * `upload_url` returns the session URI in `Location`, and the chunks follow
 * in order with `Content-Range`, one at a time because a session accepts
 * bytes only at its committed offset. A resumed attempt asks the session for
 * its committed offset (a PUT with `Content-Range: bytes *\/TOTAL` and no
 * body, returning 308 with `Range`) and continues from there.
 */
export const gcsUploadMethod: ResumableUploadMethod = {
  method: 'GCS',
  limits: gcsPartLimits,
  maxPartsInFlight: 1,

  async start(context, plan) {
    const chunkPlan = alignToChunkMultiple(plan);
    const sessionUri = await startSession(context);
    context.logger.info({ parts: chunkPlan.partCount, partSize: chunkPlan.partSize }, 'GCS resumable upload session started');
    return new GcsSession(context, chunkPlan, { sessionUri, committedBytes: 0, completed: false });
  },

  async resume(context, token) {
    if (token.method !== 'GCS') throw new Error(`the resume token belongs to storage method ${token.method}, not GCS`);
    const parsed = stateSchema.safeParse(token.state);
    if (!parsed.success) throw new Error(`the GCS resume token is invalid: ${parsed.error.issues[0]?.message ?? 'unknown shape'}`);
    if (token.partSize % gcsChunkMultiple !== 0) throw new Error(`the GCS resume token has chunk size ${token.partSize}, which is not a multiple of ${gcsChunkMultiple} bytes`);
    const plan: PartPlan = { size: token.size, partSize: token.partSize, partCount: Math.max(1, Math.ceil(token.size / token.partSize)) };
    const session = new GcsSession(context, plan, parsed.data);
    await session.queryCommitted();
    return session;
  },
};

class GcsSession implements ResumableUploadSession {
  private readonly sessionUri: string;
  private committedBytes: number;
  private completed: boolean;

  constructor(
    private readonly context: SessionContext,
    readonly plan: PartPlan,
    state: GcsSessionState,
  ) {
    this.sessionUri = state.sessionUri;
    this.committedBytes = state.committedBytes;
    this.completed = state.completed;
  }

  /** Reports a chunk as committed; the last chunk counts only once it finished the object, which also covers an empty file. */
  isCommitted(partNumber: number): boolean {
    const { end } = partRange(this.plan, partNumber);
    return this.completed || (end < this.plan.size && end <= this.committedBytes);
  }

  committedCount(): number {
    if (this.completed) return this.plan.partCount;
    return Math.min(this.plan.partCount - 1, Math.floor(this.committedBytes / this.plan.partSize));
  }

  /** Sends the bytes of the chunk that the session has not committed yet; GCS may store a chunk only in part, so the rest is sent again. */
  async uploadPart(partNumber: number, bytes: Buffer): Promise<void> {
    const { start, end } = partRange(this.plan, partNumber);
    if (this.committedBytes < start) throw new Error(`GCS chunk ${partNumber} starts at byte ${start}, but the session has committed only ${this.committedBytes} bytes: chunks must be sent in order`);

    for (let shortWrites = 0; !this.isCommitted(partNumber); shortWrites++) {
      if (shortWrites > maxShortWrites) throw new StorageRequestError(`GCS upload of chunk ${partNumber}`, 308, undefined, `the session committed only ${this.committedBytes} bytes after ${maxShortWrites} resends`);
      const body = bytes.subarray(this.committedBytes - start);
      const last = end === this.plan.size;
      const headers: Record<string, string> = { 'content-length': String(body.length) };
      // An empty object is sent as one PUT without Content-Range, because "bytes */0" only queries the offset.
      if (this.plan.size > 0) headers['content-range'] = `bytes ${this.committedBytes}-${end - 1}/${last ? this.plan.size : '*'}`;
      const answer = await sendStorageRequest(this.context.http, { method: 'PUT', url: this.sessionUri, step: 'GCS resumable upload', part: partNumber, body, headers });
      this.record(answer, `GCS upload of chunk ${partNumber}`);
      if (last && !this.completed) throw new StorageRequestError(`GCS upload of chunk ${partNumber}`, answer.status, undefined, 'the response to the last chunk did not finish the object');
    }
  }

  /** Checks that the last chunk finished the object, because GCS needs no separate completion request. */
  complete(): Promise<void> {
    if (!this.completed) return Promise.reject(new Error(`GCS upload has committed ${this.committedBytes} of ${this.plan.size} bytes, so it is not finished yet`));
    return Promise.resolve();
  }

  resumeToken(): SessionToken {
    // The session URI lets its holder write this one object for a week, so the
    // transfer activity encrypts the token before it heartbeats it.
    const state: GcsSessionState = { sessionUri: this.sessionUri, committedBytes: this.committedBytes, completed: this.completed };
    return { method: 'GCS', size: this.plan.size, partSize: this.plan.partSize, state };
  }

  /** Asks the session for its committed offset, which may be ahead of the heartbeated one. */
  async queryCommitted(): Promise<void> {
    if (this.completed) return;
    const answer = await sendStorageRequest(this.context.http, {
      method: 'PUT',
      url: this.sessionUri,
      step: 'GCS upload status query',
      headers: { 'content-length': '0', 'content-range': `bytes */${this.plan.size}` },
    });
    this.record(answer, 'GCS upload status query');
    this.context.logger.info({ committedBytes: this.committedBytes, completed: this.completed }, 'GCS session status read');
  }

  /** Reads a session response: 308 with the committed `Range`, or 200/201 once the object is finished. */
  private record(answer: StorageAnswer, step: string): void {
    if (answer.status === 200 || answer.status === 201) {
      this.completed = true;
      this.committedBytes = this.plan.size;
      return;
    }
    if (answer.status === 308) {
      const committed = committedFromRange(answer.headers.range);
      if (committed === undefined) throw new StorageRequestError(step, 308, undefined, 'the Range header of the response is invalid');
      this.committedBytes = committed;
      return;
    }
    if (answer.status === 404 || answer.status === 410) throw new UploadSessionLostError('GCS', describeSession(this.sessionUri));
    throw new StorageRequestError(step, answer.status, answer.code, answer.message ?? '');
  }
}

/** Starts a resumable session on the file's upload URL, fetching a fresh URL when the issued one expired. */
async function startSession(context: SessionContext): Promise<string> {
  let file = context.file;
  for (let refresh = 0; ; refresh++) {
    const url = file.upload_url;
    if (url == null || url === '') throw new Error(`Iconik issued no upload_url for GCS file ${file.id}: check that the storage allows writes, then retry`);
    const answer = await sendStorageRequest(context.http, { method: 'POST', url, step: 'GCS resumable session start', headers: { 'x-goog-resumable': 'start', 'content-length': '0' } });
    const location = answer.headers.location;
    if ((answer.status === 200 || answer.status === 201) && typeof location === 'string' && location !== '') return location;
    if (answer.status === 400 && answer.code === 'ExpiredToken' && refresh < 3) {
      context.logger.info({ status: answer.status }, 'GCS upload URL expired, fetching a fresh one');
      file = await context.client.getFile(context.assetId, file.id, { freshUploadTarget: true });
      continue;
    }
    throw new StorageRequestError('GCS resumable session start', answer.status, answer.code, answer.message ?? (typeof location === 'string' ? '' : 'the response has no Location header'));
  }
}

/** Rounds the chunk size up to a multiple of 256 KiB, as GCS requires for every chunk but the last. */
function alignToChunkMultiple(plan: PartPlan): PartPlan {
  const partSize = Math.ceil(plan.partSize / gcsChunkMultiple) * gcsChunkMultiple;
  return { size: plan.size, partSize, partCount: Math.max(1, Math.ceil(plan.size / partSize)) };
}

/** Reads `Range: bytes=0-LAST`; no header means that nothing is committed. */
function committedFromRange(range: string | string[] | undefined): number | undefined {
  if (range === undefined) return 0;
  const match = /^bytes=0-(\d+)$/.exec(String(range).trim());
  return match?.[1] === undefined ? undefined : Number(match[1]) + 1;
}

/** Names a session in errors by its upload id only, because the whole URI is a credential. */
function describeSession(sessionUri: string): string {
  return new URL(sessionUri).searchParams.get('upload_id') ?? 'of this file';
}
