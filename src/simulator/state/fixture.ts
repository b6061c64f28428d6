import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { SimState } from './types';

const uuid = z.uuid();

const fixtureSchema = z.object({
  groups: z.array(z.object({ id: uuid, name: z.string().min(1), roles: z.array(z.string().regex(/^can_\w+$/)) })),
  users: z.array(
    z.object({
      id: uuid,
      email: z.email(),
      first_name: z.string().min(1),
      last_name: z.string(),
      type: z.enum(['POWER', 'STANDARD', 'BROWSE_ONLY', 'BROWSE_API_ONLY']),
      status: z.enum(['ACTIVE', 'INACTIVE', 'BLOCKED', 'DELETED']),
      is_admin: z.boolean(),
      groups: z.array(uuid),
    }),
  ),
  app_tokens: z.array(z.object({ app_id: uuid, token: z.string().min(16), user_id: uuid, label: z.string() })),
  storages: z.array(
    z.object({
      id: uuid,
      name: z.string().min(1),
      description: z.string().nullable().default(null),
      method: z.enum(['FILE', 'S3', 'GCS', 'AZURE', 'B2']),
      purpose: z.enum(['FILES', 'KEYFRAMES', 'PROXIES', 'EXPORTS', 'ARCHIVE', 'FACES']),
      status: z.enum(['ACTIVE', 'INACTIVE', 'FAILING']),
      status_message: z.string().nullable().default(null),
      default: z.boolean().default(false),
      settings: z
        .object({
          read: z.boolean(),
          write: z.boolean(),
          delete: z.boolean(),
          path: z.string(),
          add_uuid_to_filenames: z.boolean(),
          bucket: z.string().optional(),
          container: z.string().optional(),
          transcode_ignore: z.array(z.string()).optional(),
        })
        .loose(),
    }),
  ),
  metadata_fields: z.array(
    z.object({
      name: z.string().regex(/^\w+$/),
      label: z.string(),
      field_type: z.enum(['string', 'string_exact', 'text', 'integer', 'float', 'boolean', 'date', 'datetime', 'drop_down', 'email', 'tag_cloud', 'url']),
      multi: z.boolean().default(false),
      required: z.boolean().default(false),
      read_only: z.boolean().default(false),
      options: z.array(z.object({ label: z.string(), value: z.string() })).default([]),
    }),
  ),
  metadata_views: z.array(
    z.object({
      id: uuid,
      name: z.string(),
      description: z.string().nullable().default(null),
      view_fields: z.array(z.object({ name: z.string(), required: z.boolean().default(false), read_only: z.boolean().default(false) })),
    }),
  ),
});

export type Fixture = z.infer<typeof fixtureSchema>;

/** Reads and checks the seed file, naming every invalid entry. */
export function readFixture(file: string): Fixture {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Failed to read the simulator fixture ${file}: ${(error as Error).message}. Set ICONIK_SIM_FIXTURE_FILE to a readable JSON file.`);
  }
  const result = fixtureSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid simulator fixture ${file}: ${problems}`);
  }
  checkReferences(file, result.data);
  return result.data;
}

function checkReferences(file: string, fixture: Fixture): void {
  const groupIds = new Set(fixture.groups.map((group) => group.id));
  const userIds = new Set(fixture.users.map((user) => user.id));
  const fieldNames = new Set(fixture.metadata_fields.map((field) => field.name));
  const problems = [
    ...fixture.users.flatMap((user) => user.groups.filter((id) => !groupIds.has(id)).map((id) => `user ${user.email} names unknown group ${id}`)),
    ...fixture.app_tokens.filter((token) => !userIds.has(token.user_id)).map((token) => `app token ${token.app_id} names unknown user ${token.user_id}`),
    ...fixture.metadata_views.flatMap((view) =>
      view.view_fields.filter((field) => !fieldNames.has(field.name)).map((field) => `view ${view.name} names unknown field ${field.name}`),
    ),
    ...fixture.storages
      .filter((storage) => ['S3', 'GCS', 'B2'].includes(storage.method) && storage.settings.bucket === undefined)
      .map((storage) => `storage ${storage.name} (${storage.method}) has no settings.bucket`),
    ...fixture.storages
      .filter((storage) => storage.method === 'AZURE' && storage.settings.container === undefined)
      .map((storage) => `storage ${storage.name} (AZURE) has no settings.container`),
  ];
  if (problems.length > 0) throw new Error(`Invalid simulator fixture ${file}: ${problems.join('; ')}`);
}

/** Builds a fresh state with the fixture's users, tokens, storages and metadata, and no created objects. */
export function seedState(fixture: Fixture, now: string): SimState {
  return {
    users: Object.fromEntries(fixture.users.map((user) => [user.id, { ...user }])),
    groups: Object.fromEntries(fixture.groups.map((group) => [group.id, { ...group }])),
    appTokens: fixture.app_tokens.map((token) => ({ ...token, revoked: false })),
    storages: Object.fromEntries(
      fixture.storages.map((storage) => [storage.id, { ...storage, last_scanned: null, scanner_status: null, settings: { ...storage.settings } }]),
    ),
    metadataFields: Object.fromEntries(
      fixture.metadata_fields.map((field) => [field.name, { ...field, date_created: now, date_modified: now }]),
    ),
    metadataViews: Object.fromEntries(
      fixture.metadata_views.map((view) => [view.id, { ...view, date_created: now, date_modified: now }]),
    ),
    collections: {},
    assets: {},
    contents: [],
    formats: {},
    fileSets: {},
    files: {},
    jobs: {},
    jobHistory: {},
    keyframes: {},
    metadataValues: {},
    multipartUploads: {},
    visibleAt: {},
    requestCounts: {},
  };
}
