import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database, { SqliteError, type Statement } from 'better-sqlite3';
import type { SqlDatabase, SqlRow, SqlSession, SqlValue } from './types';

/** How long a write waits for another connection's write lock before it fails with SQLITE_BUSY. */
const lockWaitMs = 5_000;

/**
 * Opens (and creates) a SQLite database file in WAL mode with foreign keys
 * enforced. better-sqlite3 is synchronous and holds one connection, so every
 * call and transaction is queued and runs alone: a statement can never land
 * inside another caller's open transaction.
 */
export function openSqliteDatabase(file: string): SqlDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  // SQLite's own busy_timeout would wait inside a synchronous call and block
  // the event loop, so a second connection in this process could never
  // release its lock. The wait happens in retryWhileBusy instead.
  db.pragma('busy_timeout = 0');

  const statements = new Map<string, { statement: Statement; order: number[] }>();

  function prepare(sql: string): { statement: Statement; order: number[] } {
    let prepared = statements.get(sql);
    if (prepared === undefined) {
      const { text, order } = toPositional(sql);
      prepared = { statement: db.prepare(text), order };
      statements.set(sql, prepared);
    }
    return prepared;
  }

  function bind(order: number[], params: SqlValue[]): (string | number | null)[] {
    return order.map((index) => {
      if (index >= params.length) throw new Error(`statement parameter $${index + 1} has no value: ${params.length} given`);
      const value = params[index] ?? null;
      return typeof value === 'boolean' ? Number(value) : value;
    });
  }

  const session: SqlSession = {
    engine: 'sqlite',
    query<Row extends SqlRow>(sql: string, params: SqlValue[] = []) {
      const { statement, order } = prepare(sql);
      if (!statement.reader) {
        statement.run(bind(order, params));
        return Promise.resolve([]);
      }
      return Promise.resolve(statement.all(bind(order, params)) as Row[]);
    },
    execute(sql, params = []) {
      const { statement, order } = prepare(sql);
      return Promise.resolve(statement.run(bind(order, params)).changes);
    },
    executeScript(sql) {
      db.exec(sql);
      return Promise.resolve();
    },
  };

  let queue: Promise<unknown> = Promise.resolve();
  function serialize<T>(work: () => Promise<T>): Promise<T> {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  }

  return {
    engine: 'sqlite',
    query: (sql, params) => serialize(() => retryWhileBusy(() => session.query(sql, params))),
    execute: (sql, params) => serialize(() => retryWhileBusy(() => session.execute(sql, params))),
    executeScript: (sql) => serialize(() => retryWhileBusy(() => session.executeScript(sql))),
    transaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T> {
      return serialize(async () => {
        // IMMEDIATE takes the write lock at once, so a transaction waits
        // here for another connection instead of failing at its first write.
        await retryWhileBusy(() => Promise.resolve(db.exec('BEGIN IMMEDIATE')));
        try {
          const result = await work(session);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      });
    },
    close: () =>
      serialize(() => {
        db.close();
        return Promise.resolve();
      }),
  };
}

/** Runs `attempt` again while another connection holds the lock, for up to lockWaitMs. */
async function retryWhileBusy<T>(attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + lockWaitMs;
  for (let delayMs = 2; ; delayMs = Math.min(delayMs * 2, 50)) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof SqliteError && error.code === 'SQLITE_BUSY') || Date.now() >= deadline) throw error;
    }
    await sleep(delayMs);
  }
}

/**
 * Rewrites $1-style parameters to SQLite's anonymous "?" and returns, for
 * each "?", the index of the value it takes, so a parameter may repeat.
 * The store's SQL has no "$" inside string literals.
 */
function toPositional(sql: string): { text: string; order: number[] } {
  const order: number[] = [];
  const text = sql.replace(/\$(\d+)/g, (_match, digits: string) => {
    order.push(Number(digits) - 1);
    return '?';
  });
  return { text, order };
}
