import type { IconikClient } from '../../src/iconik/client';
import { createLogger } from '../../src/logging/logger';
import { JobProgress } from '../../src/transfer/job-progress';

// A recording client and a manual clock: the throttle's timing is the unit under test.
function recorder() {
  const updates: { jobId: string; processed: number; total: number }[] = [];
  const client = {
    updateJob(jobId: string, body: { progress_processed: number; progress_total: number }) {
      updates.push({ jobId, processed: body.progress_processed, total: body.progress_total });
      return Promise.resolve();
    },
  } as unknown as IconikClient;
  return { client, updates };
}

describe('JobProgress', () => {
  const logger = createLogger({ level: 'silent', name: 'job-progress-test' });

  it('sends nothing for a short transfer', async () => {
    const { client, updates } = recorder();
    let now = 0;
    const progress = new JobProgress(client, 'job-1', 100, 1000, logger, () => now);
    now = 500;
    progress.update(50);
    await progress.finish(100);
    expect(updates).toEqual([]);
  });

  it('sends each interval, then the final bytes', async () => {
    const { client, updates } = recorder();
    let now = 0;
    const progress = new JobProgress(client, 'job-2', 100, 1000, logger, () => now);
    now = 1000;
    progress.update(40);
    now = 1500;
    progress.update(60);
    await progress.finish(100);
    expect(updates).toEqual([
      { jobId: 'job-2', processed: 40, total: 100 },
      { jobId: 'job-2', processed: 100, total: 100 },
    ]);
  });
});
