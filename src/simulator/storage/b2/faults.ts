import type { B2Fault, B2FaultHooks } from '../types';
import { B2Error } from './errors';

/** The injected faults that the B2 upload endpoints consult: a queue taken before storing any bytes, and an armed part token expiry. */
export interface B2FaultQueue extends B2FaultHooks {
  /** Removes and returns the next queued fault as the error to send, or undefined when none is queued. */
  take(): B2Error | undefined;
  /** Counts one stored part and returns true when the token that stored it must expire now. */
  partStored(): boolean;
}

export function createB2FaultQueue(): B2FaultQueue {
  const queue: B2Fault[] = [];
  let partsUntilTokenExpiry: number | undefined;
  let renewalsStartingNew = 0;

  return {
    failNext(fault, count) {
      if (!Number.isInteger(count) || count < 1) throw new RangeError(`B2 fault count ${count} is invalid: use a positive integer`);
      for (let i = 0; i < count; i += 1) queue.push(fault);
    },
    expirePartTokenAfter(parts) {
      if (!Number.isInteger(parts) || parts < 1) throw new RangeError(`B2 part count ${parts} before the token expiry is invalid: use a positive integer`);
      partsUntilTokenExpiry = parts;
    },
    startNewOnRenewal(count) {
      if (!Number.isInteger(count) || count < 1) throw new RangeError(`B2 renewal fault count ${count} is invalid: use a positive integer`);
      renewalsStartingNew = count;
    },
    takeStartNewOnRenewal() {
      if (renewalsStartingNew === 0) return false;
      renewalsStartingNew -= 1;
      return true;
    },
    clear() {
      queue.length = 0;
      partsUntilTokenExpiry = undefined;
      renewalsStartingNew = 0;
    },
    pending() {
      return [...queue];
    },
    take() {
      const fault = queue.shift();
      if (fault === undefined) return undefined;
      if (fault === 'expired_auth_token') return new B2Error(401, 'expired_auth_token', 'Authorization token has expired');
      if (fault === 'bad_auth_token') return new B2Error(401, 'bad_auth_token', 'Invalid authorization token');
      // B2 names the busy pod in this message, for example "c001_v0001107_t0024 is too busy".
      return new B2Error(503, 'service_unavailable', 'c000_v0000000_t0000 is too busy');
    },
    partStored() {
      if (partsUntilTokenExpiry === undefined) return false;
      partsUntilTokenExpiry -= 1;
      if (partsUntilTokenExpiry > 0) return false;
      partsUntilTokenExpiry = undefined;
      return true;
    },
  };
}
