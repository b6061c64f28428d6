import type { Logger } from '../../logging/logger';
import { saveState } from './persistence';
import type { SimState } from './types';

/** The simulator's in-memory state with its index lag and its optional save file. */
export interface SimStore {
  state: SimState;
  readonly indexLagMs: number;
  now(): Date;
  /** Records a new object that search and collection contents see only after the index lag. */
  indexLater(id: string): void;
  /** Returns true when the index lag of the object has passed. */
  isIndexed(id: string): boolean;
  /** Schedules a save of the state file after a change; a no-op without a state file. */
  changed(): void;
  /** Writes the state file now when a save is pending. */
  flush(): void;
  replace(state: SimState): void;
}

const saveDelayMs = 100;

export function createSimStore(options: { initial: SimState; indexLagMs: number; stateFile: string | undefined; logger: Logger }): SimStore {
  let timer: NodeJS.Timeout | undefined;
  const store: SimStore = {
    state: options.initial,
    indexLagMs: options.indexLagMs,
    now: () => new Date(),
    indexLater(id) {
      store.state.visibleAt[id] = Date.now() + options.indexLagMs;
    },
    isIndexed(id) {
      return (store.state.visibleAt[id] ?? 0) <= Date.now();
    },
    changed() {
      if (options.stateFile === undefined || timer !== undefined) return;
      timer = setTimeout(() => store.flush(), saveDelayMs);
      timer.unref();
    },
    flush() {
      if (timer === undefined || options.stateFile === undefined) return;
      clearTimeout(timer);
      timer = undefined;
      try {
        saveState(options.stateFile, store.state);
      } catch (error) {
        options.logger.error({ err: error, stateFile: options.stateFile }, 'failed to save the simulator state');
      }
    },
    replace(state) {
      store.state = state;
      store.changed();
    },
  };
  return store;
}
