import { activityInfo, ApplicationFailure, cancellationSignal, heartbeat } from '@temporalio/activity';
import type { IconikClient } from '../iconik/client';
import type { IconikFile } from '../iconik/schemas';
import type { Logger } from '../logging/logger';
import { TransferInputError } from './errors';
import { openToken, sealToken } from './sealed-token';
import { JobProgress } from './job-progress';
import { planParts } from './part-plan';
import { sendParts } from './send-parts';
import { uploadMethodFor, UploadSessionLostError, type ResumableUploadMethod, type SessionContext, type SessionToken } from './sessions';
import { defaultStorageRetry } from './storage-http';
import type { TransferDependencies, TransferInput, TransferResult } from './types';

const defaultProgressIntervalMs = 2_000;

/**
 * Builds the activity that streams one package file from its source to the
 * storage behind Iconik, through the upload target of the file record.
 *
 * The activity heartbeats a resume token after every part. A later attempt
 * resumes the upload from that token and sends no committed part again. It
 * heartbeats while it re-reads the committed bytes, so schedule it with a
 * heartbeat timeout of a minute or more. Memory per transfer is a pool of
 * (partsInFlight + 1) part buffers, reused for every part: 40 MiB with the
 * defaults (4 parts of 8 MiB), and up to about 2.6 GiB for a 5 TiB file,
 * whose parts are 525 MiB. A worker's transfers together stay within
 * `memoryBudget` when it is set.
 */
export function createTransferActivities(deps: TransferDependencies) {
  return {
    transferFile: async (input: TransferInput): Promise<TransferResult> => {
      const logger = deps.logger.child({
        deliveryId: input.deliveryId,
        packageId: input.packageId,
        path: input.path,
        assetId: input.assetId,
        fileId: input.fileId,
        attempt: activityInfo().attempt,
      });
      try {
        return await transferFile(deps, input, logger);
      } catch (error) {
        if (error instanceof TransferInputError) {
          logger.error({ type: error.type, err: error }, 'file transfer failed and will not be retried');
          throw ApplicationFailure.nonRetryable(error.message, error.type);
        }
        logger.warn({ err: error }, 'file transfer attempt failed');
        throw error;
      }
    },
  };
}

export type TransferActivities = ReturnType<typeof createTransferActivities>;

async function transferFile(deps: TransferDependencies, input: TransferInput, logger: Logger): Promise<TransferResult> {
  const signal = cancellationSignal();
  const integration = await deps.integrations.get(input.integrationId);
  if (integration === undefined) throw new Error(`integration ${input.integrationId} was not found: it may have been deleted while the delivery ran`);
  const credentials = await deps.integrations.getCredentials(input.integrationId);
  const client = deps.createIconikClient({ baseUrl: integration.iconikBaseUrl, appId: credentials.appId, token: credentials.token, signal });

  // A plain GET returns no upload fields, and a target issued when the file was created may have expired by now.
  const file = await client.getFile(input.assetId, input.fileId, { freshUploadTarget: true });
  const b2SingleUploadMaxBytes = deps.transfer.b2SingleUploadMaxBytes;
  const method = uploadMethodFor(file.storage_method, b2SingleUploadMaxBytes === undefined ? {} : { b2: { singleUploadMaxBytes: b2SingleUploadMaxBytes } });
  const progress = new JobProgress(client, input.jobId, input.size, deps.progressIntervalMs ?? defaultProgressIntervalMs, logger);
  const earlier = usableToken(openToken(deps.tokenCipher, activityInfo().heartbeatDetails, input.fileId), method, input, logger);

  const run = (token: SessionToken | undefined) =>
    runTransfer({ deps, input, logger, client, file, progress, method, token });
  try {
    return await run(earlier);
  } catch (error) {
    if (!(error instanceof UploadSessionLostError) || earlier === undefined) throw error;
    logger.warn({ method: method.method }, 'the upload session of the earlier attempt is gone from the storage, starting a new one');
    return run(undefined);
  }
}

interface RunOptions {
  deps: TransferDependencies;
  input: TransferInput;
  logger: Logger;
  client: IconikClient;
  file: IconikFile;
  progress: JobProgress;
  method: ResumableUploadMethod;
  token: SessionToken | undefined;
}

async function runTransfer(options: RunOptions): Promise<TransferResult> {
  const { deps, input, logger, progress, method, token } = options;
  const activitySignal = cancellationSignal();
  const abort = new AbortController();
  const forwardCancel = () => abort.abort(activitySignal.reason);
  activitySignal.addEventListener('abort', forwardCancel, { once: true });

  try {
    const source = await deps.sources.open(input.source, { start: 0 }, abort.signal);
    if (source.size !== input.size) {
      source.stream.destroy();
      throw new TransferInputError(
        'SourceSizeMismatch',
        `source of ${input.path} has ${source.size} bytes but the package declares ${input.size}: the upload portal reported a wrong size or the file changed; deliver the package again once it is complete`,
      );
    }

    const context: SessionContext = {
      client: options.client,
      assetId: input.assetId,
      file: options.file,
      logger,
      http: { dispatcher: deps.storage?.dispatcher, retry: deps.storage?.retry ?? defaultStorageRetry, logger, signal: abort.signal },
    };
    const session = token === undefined ? await method.start(context, planFor(input, method, deps)) : await method.resume(context, token);
    const { plan } = session;
    const resumedParts = session.committedCount();
    logger.info({ method: method.method, size: plan.size, partSize: plan.partSize, parts: plan.partCount, resumedParts }, token === undefined ? 'file transfer started' : 'file transfer resumed');

    const sent = await sendParts({
      session,
      source,
      describeSource: `source of ${input.path}`,
      partsInFlight: Math.min(deps.transfer.partsInFlight, method.maxPartsInFlight),
      abort,
      logger,
      createBufferPool: deps.createPartBufferPool,
      memoryBudget: deps.memoryBudget,
      onPart(committedBytes) {
        heartbeat(sealToken(deps.tokenCipher, session.resumeToken(), input.fileId));
        progress.update(committedBytes);
      },
    });
    await session.complete();
    heartbeat(sealToken(deps.tokenCipher, session.resumeToken(), input.fileId));
    await progress.finish(plan.size);
    logger.info({ bytes: plan.size, parts: plan.partCount, sentParts: sent.sent, resumedParts, md5: sent.md5 }, 'file transfer completed');
    return { bytes: plan.size, md5: sent.md5, parts: plan.partCount, resumedParts };
  } finally {
    activitySignal.removeEventListener('abort', forwardCancel);
  }
}

function planFor(input: TransferInput, method: ResumableUploadMethod, deps: TransferDependencies) {
  try {
    return planParts(input.size, deps.transfer.minPartSizeBytes, method.limits);
  } catch (error) {
    throw new TransferInputError('FileTooLarge', `${input.path}: ${(error as Error).message}`);
  }
}

/** Returns the heartbeated token of an earlier attempt when it belongs to this file's method and size. */
function usableToken(details: unknown, method: ResumableUploadMethod, input: TransferInput, logger: Logger): SessionToken | undefined {
  if (details === undefined || details === null) return undefined;
  const token = details as Partial<SessionToken>;
  if (token.method !== method.method || token.size !== input.size || typeof token.partSize !== 'number') {
    logger.warn({ method: method.method, tokenMethod: token.method, tokenSize: token.size }, 'ignoring a resume token that does not match this file, starting a new upload');
    return undefined;
  }
  return token as SessionToken;
}
