import type { Migration } from './migration';

// Written in SQL that SQLite 3.53 and PostgreSQL 15 both accept. On SQLite,
// BOOLEAN columns hold 0 or 1 and timestamps are ISO 8601 text in UTC, which
// sorts in time order; PostgreSQL stores them as boolean and timestamptz.
export const createIntegrations: Migration = {
  id: 1,
  name: 'create integrations',
  sql: `
    CREATE TABLE integrations (
      id VARCHAR(36) PRIMARY KEY,
      name TEXT NOT NULL,
      iconik_base_url TEXT NOT NULL,
      app_id TEXT NOT NULL,
      token_ciphertext TEXT NOT NULL,
      storage_id TEXT NOT NULL,
      target_directory TEXT,
      sync_metadata BOOLEAN NOT NULL,
      send_to_cloud BOOLEAN NOT NULL,
      slack_channel TEXT,
      notification_emails TEXT NOT NULL,
      description_field TEXT,
      metadata_mapping TEXT,
      status VARCHAR(5) NOT NULL,
      status_message TEXT,
      status_set_at TIMESTAMP WITH TIME ZONE NOT NULL,
      created_at TIMESTAMP WITH TIME ZONE NOT NULL,
      updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT integrations_status_kind CHECK (status IN ('ok', 'error')),
      CONSTRAINT integrations_status_message CHECK (
        (status = 'ok' AND status_message IS NULL) OR (status = 'error' AND status_message IS NOT NULL)
      )
    );

    CREATE TABLE integration_portals (
      integration_id VARCHAR(36) NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
      portal_id TEXT NOT NULL,
      PRIMARY KEY (integration_id, portal_id)
    );

    CREATE INDEX integration_portals_portal_id ON integration_portals (portal_id);
  `,
};
