import { randomUUID } from 'node:crypto';
import type { KeyframeExtractor } from '../deps';
import type { Logger } from '../../logging/logger';
import type { SimStore } from '../state/store';
import type { IconikObject } from '../state/types';
import type { ObjectLocation } from '../storage/types';
import { updateJob } from './jobs';

/** Returns true when a shell-style pattern of the storage's transcode_ignore list matches the file name. */
export function matchesTranscodeIgnore(patterns: string[] | undefined, name: string): boolean {
  return (patterns ?? []).some((pattern) => {
    const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`, 'i');
    return regex.test(name);
  });
}

/**
 * Runs the keyframe extractor for a transcode job in the background and ends
 * the job: FINISHED with one keyframe record per image, or FAILED with the
 * extractor's message. Returns the promise so tests and shutdown can wait.
 */
export async function runKeyframeJob(options: {
  store: SimStore;
  extractor: KeyframeExtractor | undefined;
  logger: Logger;
  job: IconikObject;
  file: IconikObject;
  location: ObjectLocation;
}): Promise<void> {
  const { store, job, file, logger } = options;
  try {
    if (options.extractor === undefined) throw new Error('the simulator runs without a keyframe extractor');
    const images = await options.extractor.extract(options.location);
    const now = store.now().toISOString();
    for (const image of images) {
      const keyframe: IconikObject = {
        id: randomUUID(),
        asset_id: file.asset_id,
        version_id: file.version_id,
        storage_id: file.storage_id,
        type: image.type,
        name: image.filename,
        filename: image.filename,
        size: image.size,
        resolution: { width: image.width, height: image.height },
        status: 'CLOSED',
        is_custom_keyframe: false,
        date_created: now,
        date_modified: now,
      };
      store.state.keyframes[keyframe.id] = keyframe;
    }
    updateJob(store, job, { status: 'FINISHED', progress_processed: 100, progress_total: 100, message: `${images.length} keyframe(s) made` }, { mergeMetadata: false });
    logger.info({ jobId: job.id, fileId: file.id, keyframes: images.length }, 'keyframe job finished');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    updateJob(store, job, { status: 'FAILED', error_message: message }, { mergeMetadata: false });
    logger.warn({ jobId: job.id, fileId: file.id, err: error }, 'keyframe job failed');
  }
}
