import { randomUUID } from 'node:crypto';
import type { Logger } from '../../logging/logger';
import { IntegrationCredentials } from '../credentials';
import type { TokenCipher } from '../crypto/token-cipher';
import type { SqlDatabase } from '../database/types';
import { IntegrationNotFoundError, TokenDecryptionError } from '../errors';
import type { IntegrationRepository } from '../repository';
import {
  validateIntegrationId,
  validateListFilter,
  validateNewIntegration,
  validatePortalId,
  validateStatusChange,
  validateUpdate,
} from '../validation';
import { insertPortals, lockRow, placeholders, readMany, readOne, readOneOrUndefined, readToken } from './queries';
import { settingsColumns, settingsValues } from './rows';

export interface SqlIntegrationRepositoryDependencies {
  db: SqlDatabase;
  cipher: TokenCipher;
  logger: Logger;
  /** Source of the timestamps the store records; the system clock unless a test fixes it. */
  now?: () => Date;
}

/**
 * Creates the integration repository over SQLite or PostgreSQL. The SQL is
 * the same for both, and `db` adapts parameters and types to its engine.
 */
export function createSqlIntegrationRepository(deps: SqlIntegrationRepositoryDependencies): IntegrationRepository {
  const { db, cipher, logger } = deps;
  const now = deps.now ?? (() => new Date());

  return {
    async create(input) {
      const valid = validateNewIntegration(input);
      const id = randomUUID();
      const time = now().toISOString();
      const values = [
        id,
        ...settingsValues(valid),
        cipher.encrypt(valid.token, id),
        'ok',
        null,
        time,
        time,
        time,
      ];
      const columns = ['id', ...settingsColumns, 'token_ciphertext', 'status', 'status_message', 'status_set_at', 'created_at', 'updated_at'];

      const created = await db.transaction(async (tx) => {
        await tx.execute(`INSERT INTO integrations (${columns.join(', ')}) VALUES (${placeholders(1, values.length)})`, values);
        await insertPortals(tx, id, valid.portalIds);
        return readOne(tx, id);
      });
      logger.info({ integrationId: id, portalIds: valid.portalIds, sendToCloud: valid.sendToCloud }, 'integration created');
      return created;
    },

    async get(id) {
      const validId = validateIntegrationId(id);
      return db.transaction((tx) => readOneOrUndefined(tx, validId));
    },

    async list(filter = {}) {
      const { status } = validateListFilter(filter);
      return db.transaction((tx) => (status === undefined ? readMany(tx, '', []) : readMany(tx, 'WHERE status = $1', [status])));
    },

    async update(id, changes) {
      const validId = validateIntegrationId(id);
      const valid = validateUpdate(changes);

      const updated = await db.transaction(async (tx) => {
        await lockRow(tx, validId);
        const current = await readOne(tx, validId);
        if (Object.keys(valid).length === 0) return current;

        const merged = {
          ...current,
          ...valid,
          notifications: { ...current.notifications, ...valid.notifications },
        };
        const values = [...settingsValues(merged), now().toISOString(), validId];
        const assignments = [...settingsColumns, 'updated_at'].map((column, index) => `${column} = $${index + 1}`).join(', ');
        await tx.execute(`UPDATE integrations SET ${assignments} WHERE id = $${values.length}`, values);

        if (valid.token !== undefined) {
          await tx.execute('UPDATE integrations SET token_ciphertext = $1 WHERE id = $2', [cipher.encrypt(valid.token, validId), validId]);
        }
        if (valid.portalIds !== undefined) {
          await tx.execute('DELETE FROM integration_portals WHERE integration_id = $1', [validId]);
          await insertPortals(tx, validId, valid.portalIds);
        }
        return readOne(tx, validId);
      });
      logger.info({ integrationId: validId, changedFields: Object.keys(valid) }, 'integration updated');
      return updated;
    },

    async delete(id) {
      const validId = validateIntegrationId(id);
      // Portal rows go with it through ON DELETE CASCADE.
      const deleted = await db.transaction((tx) => tx.execute('DELETE FROM integrations WHERE id = $1', [validId]));
      if (deleted === 0) throw new IntegrationNotFoundError(validId);
      logger.info({ integrationId: validId }, 'integration deleted');
    },

    async setStatus(id, status) {
      const validId = validateIntegrationId(id);
      const change = validateStatusChange(status);

      const updated = await db.transaction(async (tx) => {
        const stored = await readToken(tx, validId);
        const message = change.kind === 'error' ? withoutToken(change.message, stored, validId) : null;
        await tx.execute('UPDATE integrations SET status = $1, status_message = $2, status_set_at = $3 WHERE id = $4', [
          change.kind,
          message,
          now().toISOString(),
          validId,
        ]);
        return readOne(tx, validId);
      });
      logger.info({ integrationId: validId, status: updated.status }, 'integration status set');
      return updated;
    },

    async findByPortal(portalId) {
      const validPortalId = validatePortalId(portalId);
      return db.transaction((tx) =>
        readMany(tx, 'WHERE id IN (SELECT integration_id FROM integration_portals WHERE portal_id = $1)', [validPortalId]),
      );
    },

    async findSendToCloud() {
      return db.transaction((tx) => readMany(tx, 'WHERE send_to_cloud = $1', [true]));
    },

    async getCredentials(id) {
      const validId = validateIntegrationId(id);
      const row = await db.transaction(async (tx) => {
        const rows = await tx.query<{ app_id: string; token_ciphertext: string }>(
          'SELECT app_id, token_ciphertext FROM integrations WHERE id = $1',
          [validId],
        );
        return rows[0];
      });
      if (row === undefined) throw new IntegrationNotFoundError(validId);
      const credentials = new IntegrationCredentials(validId, row.app_id, cipher.decrypt(row.token_ciphertext, validId));
      logger.debug({ integrationId: validId }, 'integration credentials read');
      return credentials;
    },

    async reencryptTokens() {
      const result = await db.transaction(async (tx) => {
        const lock = tx.engine === 'postgres' ? ' FOR UPDATE' : '';
        const rows = await tx.query<{ id: string; token_ciphertext: string }>(`SELECT id, token_ciphertext FROM integrations ORDER BY id${lock}`);
        let reencrypted = 0;
        for (const row of rows) {
          if (cipher.keyIdOf(row.token_ciphertext) === cipher.currentKeyId) continue;
          const token = cipher.decrypt(row.token_ciphertext, row.id);
          await tx.execute('UPDATE integrations SET token_ciphertext = $1 WHERE id = $2', [cipher.encrypt(token, row.id), row.id]);
          reencrypted += 1;
        }
        return { checked: rows.length, reencrypted, currentKeyId: cipher.currentKeyId };
      });
      logger.info(result, 'integration tokens re-encrypted under the current key');
      return result;
    },
  };

  // Replaces the integration's own token in a status message, in case a
  // caller built the message from a request or response that carried it.
  function withoutToken(message: string, storedToken: string, integrationId: string): string {
    let token: string;
    try {
      token = cipher.decrypt(storedToken, integrationId);
    } catch (error) {
      if (!(error instanceof TokenDecryptionError)) throw error;
      return message;
    }
    return message.split(token).join('[redacted]');
  }
}
