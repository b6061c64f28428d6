import type { SqlEngine } from '../database/types';

/**
 * One schema change. `sql` is a single script for both engines, or one per
 * engine where their dialects differ.
 */
export interface Migration {
  /** Position in the sequence: 1, 2, 3, ... without gaps. */
  id: number;
  name: string;
  sql: string | Record<SqlEngine, string>;
}
