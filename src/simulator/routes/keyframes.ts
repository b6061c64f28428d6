import type { SimRoute } from '../http/routing';
import { cursorEnvelope } from '../http/pagination';
import { createJob } from '../domain/jobs';
import { matchesTranscodeIgnore, runKeyframeJob } from '../domain/keyframe-jobs';
import { isCloudMethod, objectLocation } from '../domain/naming';
import { IconikError } from '../http/errors';
import { asRecord, byCreation, findAsset, findChild, findStorage, type RouteContext } from './context';

/** Keyframe job runs still in flight, so a server close can wait for them. */
export type PendingJobs = Set<Promise<void>>;

export function keyframeRoutes(context: RouteContext, pending: PendingJobs): SimRoute[] {
  const state = () => context.store.state;
  return [
    {
      // One call starts a TRANSCODE job that makes the keyframes; the job ends once the extractor returns.
      method: 'POST',
      service: 'files',
      specPath: '/v1/assets/{asset_id}/files/{file_id}/keyframes/',
      handle: (request) => {
        const file = findChild(state().files, 'File', request.params.asset_id ?? '', request.params.file_id ?? '');
        const storage = findStorage(context, String(file.storage_id));
        const body = asRecord(request.body);
        if (body.use_storage_transcode_ignore_pattern !== false && matchesTranscodeIgnore(storage.settings.transcode_ignore, String(file.original_name))) {
          request.log.info({ fileId: file.id, storageId: storage.id }, 'keyframes skipped by the storage transcode_ignore pattern');
          return { status: 204 };
        }
        if (!isCloudMethod(storage.method)) throw new IconikError(400, [`Storage ${storage.name} uses method ${storage.method}, which the simulator cannot read keyframes from`]);
        const job = createJob(
          context.store,
          { type: 'TRANSCODE', status: 'STARTED', title: `Keyframes for ${String(file.original_name)}`, object_type: 'assets', object_id: file.asset_id, progress_processed: 0, progress_total: 100 },
          request.principal.user.id,
        );
        const run = runKeyframeJob({ store: context.store, extractor: context.keyframes, logger: context.logger, job, file, location: objectLocation(storage, String(file.directory_path), String(file.name)) });
        pending.add(run);
        void run.finally(() => pending.delete(run));
        return { status: 200, body: { job_id: job.id } };
      },
    },
    {
      method: 'GET',
      service: 'files',
      specPath: '/v1/assets/{asset_id}/keyframes/',
      handle: (request) => {
        const asset = findAsset(context, request.params.asset_id ?? '');
        const keyframes = byCreation(Object.values(state().keyframes).filter((keyframe) => keyframe.asset_id === asset.id));
        return { status: 200, body: cursorEnvelope(keyframes, { path: request.path, query: request.query, maxPerPage: 1000 }) };
      },
    },
  ];
}
