import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database, { type Statement } from 'better-sqlite3';
import type { SqlDatabase, SqlRow, SqlSession, SqlValue } from './types';

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
  db.pragma('busy_timeout = 5000');

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
    query: (sql, params) => serialize(() => session.query(sql, params)),
    execute: (sql, params) => serialize(() => session.execute(sql, params)),
    executeScript: (sql) => serialize(() => session.executeScript(sql)),
    transaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T> {
      return serialize(async () => {
        // IMMEDIATE takes the write lock at once, so a second process
        // waits (busy_timeout) instead of failing at its first write.
        db.exec('BEGIN IMMEDIATE');
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
