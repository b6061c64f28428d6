import type { IconikClient } from '../../iconik/client';
import type { IconikFile } from '../../iconik/schemas';
import type { Logger } from '../../logging/logger';
import type { PartLimits, PartPlan } from '../part-plan';
import type { StorageHttp } from '../storage-http';

/**
 * The token that resumes an upload session in a later activity attempt. It is
 * heartbeated after every committed part, so it must stay small (Temporal
 * warns above 256 KB per payload and rejects above 2 MB) and carry no secret.
 */
export interface SessionToken {
  method: string;
  size: number;
  partSize: number;
  /** Method-specific state (S3: upload id and committed ETags); each method validates its own. */
  state: unknown;
}

/** What a session needs to reach Iconik and the storage for one file record. */
export interface SessionContext {
  client: IconikClient;
  assetId: string;
  file: IconikFile;
  http: StorageHttp;
  logger: Logger;
}

/**
 * A resumable upload of one file in numbered parts (1-based): S3 multipart
 * uploads, and later GCS resumable sessions, Azure staged blocks and B2 large
 * files. A part is committed once the storage has stored it, and a committed
 * part is never sent again, in this attempt or a resumed one.
 */
export interface ResumableUploadSession {
  readonly plan: PartPlan;
  isCommitted(partNumber: number): boolean;
  committedCount(): number;
  /** Sends one part and records it as committed. Several parts may be in flight at once, up to the method's limit. */
  uploadPart(partNumber: number, bytes: Buffer): Promise<void>;
  /** Joins the committed parts into the final object; every part must be committed. */
  complete(): Promise<void>;
  resumeToken(): SessionToken;
}

/** Starts and resumes upload sessions of one storage method. */
export interface ResumableUploadMethod {
  readonly method: string;
  readonly limits: PartLimits;
  /** Parts that may be in flight at once; a GCS resumable session, for example, accepts them only in order. */
  readonly maxPartsInFlight: number;
  start(context: SessionContext, plan: PartPlan): Promise<ResumableUploadSession>;
  /** Resumes from a token of an earlier attempt; throws when the token does not belong to this method or plan. */
  resume(context: SessionContext, token: SessionToken): Promise<ResumableUploadSession>;
}
