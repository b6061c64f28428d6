import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SimState } from './types';

/** Loads a state file written by `saveState`, or returns undefined when the file does not exist. */
export function loadState(file: string): SimState | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SimState;
  } catch (error) {
    throw new Error(`Failed to load the simulator state ${file}: ${(error as Error).message}. Delete the file to start from the fixture.`);
  }
}

/** Writes the state to a temporary file first, so a crash mid-write never leaves a truncated state file. */
export function saveState(file: string, state: SimState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state));
  renameSync(temporary, file);
}
