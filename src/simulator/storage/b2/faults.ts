import type { B2Fault, B2FaultHooks } from '../types';
import { B2Error } from './errors';

/** The queue of injected faults that the B2 upload endpoints take from before storing any bytes. */
export interface B2FaultQueue extends B2FaultHooks {
  /** Removes and returns the next queued fault as the error to send, or undefined when none is queued. */
  take(): B2Error | undefined;
}

export function createB2FaultQueue(): B2FaultQueue {
  const queue: B2Fault[] = [];

  return {
    failNext(fault, count) {
      if (!Number.isInteger(count) || count < 1) throw new RangeError(`B2 fault count ${count} is invalid: use a positive integer`);
      for (let i = 0; i < count; i += 1) queue.push(fault);
    },
    clear() {
      queue.length = 0;
    },
    pending() {
      return [...queue];
    },
    take() {
      const fault = queue.shift();
      if (fault === undefined) return undefined;
      if (fault === 'expired_auth_token') return new B2Error(401, 'expired_auth_token', 'Authorization token has expired');
      // B2 names the busy pod in this message, for example "c001_v0001107_t0024 is too busy".
      return new B2Error(503, 'service_unavailable', 'c000_v0000000_t0000 is too busy');
    },
  };
}
