import type { IconikClient } from '../iconik/client';
import type { Logger } from '../logging/logger';

/**
 * Reports bytes moved to an Iconik job's `progress_processed` and
 * `progress_total`, at most once per interval while bytes move, and once at
 * the end when an update was sent before. A transfer shorter than one interval
 * sends none, because completing the file sets the job's final progress, and
 * each request counts against Iconik's rate limit. A failed update is logged
 * and does not fail the transfer.
 */
export class JobProgress {
  private lastSentAt: number;
  private sentAny = false;
  private pending: Promise<void> | undefined;

  constructor(
    private readonly client: IconikClient,
    private readonly jobId: string,
    private readonly total: number,
    private readonly intervalMs: number,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.lastSentAt = now();
  }

  /** Sends the progress when the interval has passed and no update is still in flight. */
  update(processed: number): void {
    if (this.pending !== undefined || this.now() - this.lastSentAt < this.intervalMs) return;
    this.pending = this.send(processed).finally(() => (this.pending = undefined));
  }

  /** Waits for an update in flight, then sends the final progress if the job already shows a partial one. */
  async finish(processed: number): Promise<void> {
    await this.pending;
    if (this.sentAny) await this.send(processed);
  }

  private async send(processed: number): Promise<void> {
    this.lastSentAt = this.now();
    this.sentAny = true;
    try {
      await this.client.updateJob(this.jobId, { progress_processed: processed, progress_total: this.total });
    } catch (error) {
      this.logger.warn({ jobId: this.jobId, processed, err: error }, 'updating the Iconik job progress failed; the transfer goes on');
    }
  }
}
