import type { SqlSession } from '../database/types';
import { IntegrationNotFoundError } from '../errors';
import type { Integration } from '../types';
import { integrationColumns, toIntegration, type IntegrationRow } from './rows';

export function placeholders(first: number, count: number): string {
  return Array.from({ length: count }, (_, index) => `$${first + index}`).join(', ');
}

export async function insertPortals(tx: SqlSession, integrationId: string, portalIds: string[]): Promise<void> {
  for (const portalId of portalIds) {
    await tx.execute('INSERT INTO integration_portals (integration_id, portal_id) VALUES ($1, $2)', [integrationId, portalId]);
  }
}

// PostgreSQL needs an explicit row lock so two concurrent updates cannot
// both read the old row. SQLite's BEGIN IMMEDIATE already locks the database.
export async function lockRow(tx: SqlSession, id: string): Promise<void> {
  if (tx.engine !== 'postgres') return;
  await tx.query('SELECT id FROM integrations WHERE id = $1 FOR UPDATE', [id]);
}

export async function readToken(tx: SqlSession, id: string): Promise<string> {
  await lockRow(tx, id);
  const rows = await tx.query<{ token_ciphertext: string }>('SELECT token_ciphertext FROM integrations WHERE id = $1', [id]);
  const row = rows[0];
  if (row === undefined) throw new IntegrationNotFoundError(id);
  return row.token_ciphertext;
}

export async function readOne(tx: SqlSession, id: string): Promise<Integration> {
  const integration = await readOneOrUndefined(tx, id);
  if (integration === undefined) throw new IntegrationNotFoundError(id);
  return integration;
}

export async function readOneOrUndefined(tx: SqlSession, id: string): Promise<Integration | undefined> {
  const [integration] = await readMany(tx, 'WHERE id = $1', [id]);
  return integration;
}

/** Reads integrations matching `where`, oldest first, with their portal ids. */
export async function readMany(tx: SqlSession, where: string, params: (string | boolean)[]): Promise<Integration[]> {
  const rows = await tx.query<IntegrationRow>(`SELECT ${integrationColumns} FROM integrations ${where} ORDER BY created_at, id`, params);
  if (rows.length === 0) return [];

  const ids = rows.map((row) => row.id);
  const portalRows = await tx.query<{ integration_id: string; portal_id: string }>(
    `SELECT integration_id, portal_id FROM integration_portals WHERE integration_id IN (${placeholders(1, ids.length)})`,
    ids,
  );
  const portalsById = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const portal of portalRows) portalsById.get(portal.integration_id)?.push(portal.portal_id);
  return rows.map((row) => toIntegration(row, portalsById.get(row.id) ?? []));
}
