import { randomUUID } from 'node:crypto';
import type { SimStore } from '../state/store';
import type { IconikObject } from '../state/types';

const finalStatuses = new Set(['FINISHED', 'FINISHED_WITH_WARNING', 'FAILED', 'ABORTED', 'SKIPPED']);

export const jobFields = [
  'type', 'status', 'title', 'object_type', 'object_id', 'parent_id', 'progress_processed', 'progress_total', 'message', 'error_message',
  'metadata', 'job_context', 'related_objects', 'custom_type', 'started_at', 'completed_at', 'has_children', 'action_context',
] as const;

/** Sets the read-only fields Iconik derives: progress in percent, and the start and completion times. */
function derive(job: IconikObject, now: string): void {
  const processed = typeof job.progress_processed === 'number' ? job.progress_processed : 0;
  const total = typeof job.progress_total === 'number' ? job.progress_total : 0;
  job.progress = total > 0 ? Math.min(100, Math.round((processed / total) * 100)) : job.status === 'FINISHED' ? 100 : 0;
  if (job.status === 'STARTED' && job.started_at === undefined) job.started_at = now;
  if (finalStatuses.has(String(job.status)) && job.completed_at === undefined) job.completed_at = now;
}

/** Appends the job's current status and progress to its history, which the inspection endpoint shows. */
function recordHistory(store: SimStore, job: IconikObject, now: string): void {
  const history = (store.state.jobHistory[job.id] ??= []);
  history.push({
    at: now,
    status: String(job.status),
    progress_processed: typeof job.progress_processed === 'number' ? job.progress_processed : null,
    progress_total: typeof job.progress_total === 'number' ? job.progress_total : null,
    message: typeof job.message === 'string' ? job.message : null,
    error_message: typeof job.error_message === 'string' ? job.error_message : null,
  });
}

export function createJob(store: SimStore, fields: Record<string, unknown>, userId: string): IconikObject {
  const now = store.now().toISOString();
  const job: IconikObject = { id: randomUUID(), created_by: userId, priority: 5, steps: [], date_created: now, date_modified: now };
  for (const field of jobFields) if (field in fields) job[field] = fields[field];
  derive(job, now);
  store.state.jobs[job.id] = job;
  recordHistory(store, job, now);
  return job;
}

export function updateJob(store: SimStore, job: IconikObject, fields: Record<string, unknown>, options: { mergeMetadata: boolean }): IconikObject {
  const now = store.now().toISOString();
  for (const field of jobFields) {
    if (!(field in fields)) continue;
    if (field === 'metadata' && options.mergeMetadata && typeof job.metadata === 'object' && job.metadata !== null) {
      job.metadata = { ...(job.metadata), ...(fields.metadata as object) };
    } else {
      job[field] = fields[field];
    }
  }
  job.date_modified = now;
  derive(job, now);
  recordHistory(store, job, now);
  store.changed();
  return job;
}
