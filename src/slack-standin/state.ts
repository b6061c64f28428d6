/** A message the stand-in accepted through chat.postMessage. */
export interface PostedMessage {
  channel: string;
  channelName: string;
  ts: string;
  text: string | null;
  blocks: unknown[] | null;
  /** Encoding of the request body: `form` (application/x-www-form-urlencoded) or `json`. */
  encoding: 'form' | 'json';
  receivedAt: string;
}

/**
 * An error response armed on demand. `ratelimited` responds with HTTP 429
 * and a Retry-After header, as Slack does. Any other error responds with
 * HTTP 200 and `{ok: false, error}`.
 */
export interface Fault {
  error: string;
  /** Number of requests that still receive this response. */
  remaining: number;
  /** Seconds sent in Retry-After; only `ratelimited` uses it. */
  retryAfterSeconds: number;
}

/** The stand-in's memory: accepted messages, armed faults and the clock of message timestamps. */
export interface StandinState {
  messages: PostedMessage[];
  faults: Fault[];
  /** Returns a new message timestamp in Slack's `seconds.sequence` form, unique and increasing. */
  nextTs(): string;
  /** Removes and returns the first armed fault, or undefined when none is armed. */
  takeFault(): Fault | undefined;
}

export function createStandinState(now: () => number = Date.now): StandinState {
  let lastSeconds = 0;
  let sequence = 0;
  const state: StandinState = {
    messages: [],
    faults: [],
    nextTs() {
      const seconds = Math.floor(now() / 1000);
      if (seconds > lastSeconds) {
        lastSeconds = seconds;
        sequence = 0;
      }
      sequence += 1;
      return `${lastSeconds}.${String(sequence).padStart(6, '0')}`;
    },
    takeFault() {
      const fault = state.faults[0];
      if (fault === undefined) return undefined;
      fault.remaining -= 1;
      if (fault.remaining <= 0) state.faults.shift();
      return fault;
    },
  };
  return state;
}
