import { z } from 'zod';
import { StorageRequestError } from '../errors';
import type { PartLimits, PartPlan } from '../part-plan';
import { sendStorageRequest, type StorageAnswer } from '../storage-http';
import { parseUncommittedBlocks, stagedParts } from './azure-block-list';
import { UploadSessionLostError } from './session-lost';
import type { ResumableUploadMethod, ResumableUploadSession, SessionContext, SessionToken } from './types';

const mebibyte = 1024 * 1024;
/** Azure block blobs: at most 50,000 blocks of at most 4000 MiB each. Azure sets no minimum block size. */
export const azurePartLimits: PartLimits = { minPartSize: mebibyte, maxPartSize: 4000 * mebibyte, maxParts: 50_000 };
/** Times a SAS URL is fetched again when Azure rejects it as expired. */
const maxUrlRefreshes = 3;

/**
 * Staged blocks of the upload: `prefix` is the count of blocks 1..prefix
 * that are staged, and `above` lists the staged block numbers after them (at
 * most the blocks in flight minus one). A few bytes even at 50,000 blocks.
 */
const stateSchema = z.object({
  prefix: z.number().int().nonnegative(),
  above: z.array(z.number().int().positive()),
  completed: z.boolean(),
});
type AzureSessionState = z.infer<typeof stateSchema>;

interface AzureRequest {
  method: 'GET' | 'PUT';
  url: string;
  body?: Buffer | string;
  headers: Record<string, string>;
}

/**
 * Azure Blob through the SAS URL Iconik issues: Put Block for each part, then
 * Put Block List to commit them in order. Block ids are derived from the part
 * number, so a block staged again after a crash replaces itself and the
 * resume token needs no ids. A resumed attempt lists the uncommitted blocks
 * (Get Block List), so a block staged after the last recorded heartbeat is not
 * sent again. Get Block List needs read permission on the SAS. When the SAS
 * lacks it, the attempt trusts the heartbeated list, and if those blocks are
 * gone (Azure drops uncommitted blocks after seven days), Put Block List fails
 * with InvalidBlockList and the transfer starts a new upload.
 */
export const azureUploadMethod: ResumableUploadMethod = {
  method: 'AZURE',
  limits: azurePartLimits,
  maxPartsInFlight: 16,

  start(context, plan) {
    context.logger.info({ parts: plan.partCount, partSize: plan.partSize }, 'Azure block upload started');
    return Promise.resolve(new AzureSession(context, plan, new Array<boolean>(plan.partCount).fill(false), false));
  },

  async resume(context, token) {
    if (token.method !== 'AZURE') throw new Error(`the resume token belongs to storage method ${token.method}, not AZURE`);
    const parsed = stateSchema.safeParse(token.state);
    if (!parsed.success) throw new Error(`the AZURE resume token is invalid: ${parsed.error.issues[0]?.message ?? 'unknown shape'}`);
    const plan: PartPlan = { size: token.size, partSize: token.partSize, partCount: Math.max(1, Math.ceil(token.size / token.partSize)) };
    const { prefix, above, completed } = parsed.data;
    if (prefix > plan.partCount || above.some((number) => number > plan.partCount)) {
      throw new Error(`the AZURE resume token lists blocks beyond the ${plan.partCount} blocks of this file`);
    }
    const staged = new Array<boolean>(plan.partCount).fill(false);
    staged.fill(true, 0, prefix);
    for (const number of above) staged[number - 1] = true;
    const session = new AzureSession(context, plan, staged, completed);
    await session.readStagedBlocks();
    return session;
  },
};

class AzureSession implements ResumableUploadSession {
  private sasUrl: string;

  constructor(
    private readonly context: SessionContext,
    readonly plan: PartPlan,
    private readonly staged: boolean[],
    private completed: boolean,
  ) {
    this.sasUrl = context.file.upload_url ?? '';
  }

  isCommitted(partNumber: number): boolean {
    return this.completed || this.staged[partNumber - 1] === true;
  }

  committedCount(): number {
    return this.completed ? this.plan.partCount : this.staged.filter(Boolean).length;
  }

  async uploadPart(partNumber: number, bytes: Buffer): Promise<void> {
    // Azure rejects an empty block, and an empty blob is a block list with no blocks.
    if (bytes.length > 0) {
      await this.send('Azure Put Block', partNumber, (url) => ({
        method: 'PUT',
        url: `${url}&comp=block&blockid=${encodeURIComponent(blockId(partNumber))}`,
        body: bytes,
        headers: { 'content-length': String(bytes.length) },
      }));
    }
    this.staged[partNumber - 1] = true;
  }

  async complete(): Promise<void> {
    if (this.completed) return;
    const missing = this.staged.indexOf(false);
    if (missing !== -1) throw new Error(`Azure block ${missing + 1} of ${this.plan.partCount} is not staged yet, so the block list cannot be committed`);
    const ids = this.plan.size === 0 ? [] : this.staged.map((_, index) => blockId(index + 1));
    const body = `<?xml version="1.0" encoding="utf-8"?><BlockList>${ids.map((id) => `<Latest>${id}</Latest>`).join('')}</BlockList>`;
    await this.send('Azure Put Block List', undefined, (url) => ({
      method: 'PUT',
      url: `${url}&comp=blocklist`,
      body,
      headers: { 'content-type': 'application/xml', 'content-length': String(Buffer.byteLength(body)) },
    }));
    this.completed = true;
  }

  resumeToken(): SessionToken {
    let prefix = 0;
    while (prefix < this.staged.length && this.staged[prefix] === true) prefix++;
    const above: number[] = [];
    this.staged.forEach((staged, index) => {
      if (staged && index > prefix) above.push(index + 1);
    });
    const state: AzureSessionState = { prefix, above, completed: this.completed };
    return { method: 'AZURE', size: this.plan.size, partSize: this.plan.partSize, state };
  }

  /**
   * Replaces the heartbeated list of staged blocks with the uncommitted blocks
   * that the blob has. Keeps the heartbeated list when the SAS grants no read
   * permission. A blob that does not exist has no staged blocks.
   */
  async readStagedBlocks(): Promise<void> {
    if (this.completed) return;
    const step = 'Azure Get Block List';
    const answer = await this.request(step, undefined, (url) => ({ method: 'GET', url: `${url}&comp=blocklist&blocklisttype=uncommitted`, headers: {} }));
    const heartbeated = this.committedCount();
    const { logger } = this.context;
    if (answer.status === 403) {
      logger.info({ status: answer.status, code: azureCode(answer), stagedBlocks: heartbeated }, 'the Azure SAS cannot read the block list, resuming from the heartbeated blocks');
      return;
    }
    if (answer.status !== 200 && !(answer.status === 404 && azureCode(answer) === 'BlobNotFound')) {
      throw new StorageRequestError(step, answer.status, azureCode(answer), azureMessage(answer));
    }
    const listed = answer.status === 200 ? stagedParts(this.plan, parseUncommittedBlocks(answer.text), blockId) : [];
    this.staged.forEach((_, index) => (this.staged[index] = listed[index] === true));
    logger.info({ heartbeatedBlocks: heartbeated, stagedBlocks: this.committedCount() }, 'Azure staged blocks read');
  }

  /** Sends one request that must return 201 Created, and throws on any other status. */
  private async send(step: string, part: number | undefined, build: (sasUrl: string) => AzureRequest): Promise<void> {
    const answer = await this.request(step, part, build);
    if (answer.status === 201) return;
    if (answer.status === 400 && azureCode(answer) === 'InvalidBlockList') throw new UploadSessionLostError('AZURE', `blocks of file ${this.context.file.id}`);
    throw new StorageRequestError(part === undefined ? step : `${step} of block ${part}`, answer.status, azureCode(answer), azureMessage(answer));
  }

  /** Sends one request built on the current SAS URL, fetching a fresh SAS URL when Azure rejects the old one as expired. */
  private async request(step: string, part: number | undefined, build: (sasUrl: string) => AzureRequest): Promise<StorageAnswer> {
    for (let refresh = 0; ; refresh++) {
      const url = this.sasUrl;
      if (url === '' || !url.includes('?')) {
        throw new Error(`Iconik issued no SAS upload_url for Azure file ${this.context.file.id}: check that the storage allows writes, then retry`);
      }
      const answer = await sendStorageRequest(this.context.http, { ...build(url), step, part });
      if (!isExpired(answer) || refresh >= maxUrlRefreshes) return answer;
      this.context.logger.info({ step, part, status: answer.status }, 'Azure SAS URL expired, fetching a fresh one');
      // Several blocks in flight may see the same expiry; only the first fetches a new URL.
      if (this.sasUrl === url) this.sasUrl = await this.freshSasUrl();
    }
  }

  private async freshSasUrl(): Promise<string> {
    const { client, assetId, file } = this.context;
    const fresh = await client.getFile(assetId, file.id, { freshUploadTarget: true });
    return fresh.upload_url ?? '';
  }
}

/** Returns the base64 block id of a part; every id has the same length, as Azure requires within one blob. */
export function blockId(partNumber: number): string {
  return Buffer.from(`block-${String(partNumber).padStart(6, '0')}`).toString('base64');
}

/** Azure rejects an expired SAS with 403 AuthenticationFailed, whose message contains "Signed expiry time". */
function isExpired(answer: StorageAnswer): boolean {
  return answer.status === 403 && /expir/i.test(answer.text);
}

function azureCode(answer: StorageAnswer): string | undefined {
  return answer.code ?? (typeof answer.headers['x-ms-error-code'] === 'string' ? answer.headers['x-ms-error-code'] : undefined);
}

function azureMessage(answer: StorageAnswer): string {
  return (answer.message ?? /<Message>([^<]*)<\/Message>/.exec(answer.text)?.[1] ?? '').split('\n')[0] ?? '';
}
