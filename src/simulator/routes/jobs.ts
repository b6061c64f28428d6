import { notFound } from '../http/errors';
import { pageEnvelope } from '../http/pagination';
import type { SimRoute } from '../http/routing';
import { createJob, updateJob } from '../domain/jobs';
import { asRecord, byCreation, type RouteContext } from './context';

const filterNames = ['type', 'status', 'object_type', 'object_id', 'parent_id', 'created_by'] as const;

export function jobRoutes(context: RouteContext): SimRoute[] {
  const state = () => context.store.state;
  const findJob = (id: string) => {
    const job = state().jobs[id];
    if (job === undefined) throw notFound('Job', id);
    return job;
  };
  return [
    {
      method: 'POST',
      service: 'jobs',
      specPath: '/v1/jobs/',
      handle: (request) => {
        const job = createJob(context.store, asRecord(request.body), request.principal.user.id);
        request.log.info({ jobId: job.id, type: job.type, status: job.status, objectId: job.object_id }, 'job created');
        return { status: 201, body: job };
      },
    },
    {
      method: 'GET',
      service: 'jobs',
      specPath: '/v1/jobs/',
      handle: (request) => {
        let jobs = byCreation(Object.values(state().jobs));
        for (const name of filterNames) {
          const value = request.query[name];
          if (value !== undefined && value !== '') jobs = jobs.filter((job) => String(job[name]) === value);
        }
        const ids = request.query.ids;
        if (ids !== undefined && ids !== '') jobs = jobs.filter((job) => ids.split(',').includes(job.id));
        return { status: 200, body: pageEnvelope(jobs, { path: request.path, query: request.query, maxPerPage: 100 }) };
      },
    },
    {
      method: 'GET',
      service: 'jobs',
      specPath: '/v1/jobs/{job_id}/',
      handle: (request) => ({ status: 200, body: findJob(request.params.job_id ?? '') }),
    },
    {
      method: 'PATCH',
      service: 'jobs',
      specPath: '/v1/jobs/{job_id}/',
      partialBody: true,
      handle: (request) => {
        const job = updateJob(context.store, findJob(request.params.job_id ?? ''), asRecord(request.body), { mergeMetadata: request.query.merge_metadata === 'true' });
        request.log.info({ jobId: job.id, status: job.status, progressProcessed: job.progress_processed }, 'job updated');
        return { status: 200, body: job };
      },
    },
    {
      // Steps are matched by id: a known id is updated in place, a new id is appended.
      method: 'PATCH',
      service: 'jobs',
      specPath: '/v1/jobs/{job_id}/steps/',
      handle: (request) => {
        const job = findJob(request.params.job_id ?? '');
        const steps = [...(job.steps as Record<string, unknown>[])];
        const now = context.store.now().toISOString();
        for (const step of asRecord(request.body).steps as Record<string, unknown>[]) {
          const index = steps.findIndex((existing) => existing.id === step.id);
          const updated = { ...(index === -1 ? {} : steps[index]), ...step, date_updated: now };
          if (index === -1) steps.push(updated);
          else steps[index] = updated;
        }
        job.steps = steps;
        job.date_modified = now;
        return { status: 200, body: job };
      },
    },
  ];
}
