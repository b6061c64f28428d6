import { z } from 'zod';
import { metadataMappingSchema, type MetadataMapping } from '../metadata/mapping';
import { IntegrationValidationError, type ValidationIssue } from './errors';
import type { IntegrationListFilter, IntegrationUpdate, NewIntegration, NotificationSettings, StatusChange } from './types';

/** A new integration after validation: defaults applied, values normalized. */
export interface ValidNewIntegration {
  name: string;
  iconikBaseUrl: string;
  appId: string;
  token: string;
  storageId: string;
  targetDirectory: string | null;
  syncMetadata: boolean;
  portalIds: string[];
  sendToCloud: boolean;
  notifications: NotificationSettings;
  descriptionField: string | null;
  metadataMapping: MetadataMapping | null;
}

export type ValidIntegrationUpdate = Partial<Omit<ValidNewIntegration, 'notifications'>> & {
  notifications?: Partial<NotificationSettings>;
};

// Iconik App IDs and storage ids are UUIDs; z.guid() accepts any version.
const uuidRule = 'must be a UUID such as 3f1c2a9e-8b7d-4c6e-9a1b-2d3e4f5a6b7c';

function text(max: number) {
  return z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`);
}

const uuid = z.string({ error: 'must be a string' }).trim().pipe(z.guid(uuidRule));

const iconikBaseUrl = z
  .string({ error: 'must be a string' })
  .trim()
  .transform((value, ctx) => {
    const url = URL.canParse(value) ? new URL(value) : undefined;
    if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      ctx.addIssue({ code: 'custom', message: 'must be an http or https URL, for example https://app.iconik.io' });
      return z.NEVER;
    }
    if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
      ctx.addIssue({ code: 'custom', message: 'must not contain a user name, password, query or fragment' });
      return z.NEVER;
    }
    return url.origin + url.pathname.replace(/\/+$/, '');
  });

// A sub-path inside the storage. Leading and trailing slashes are dropped,
// and an empty path means the storage root (null).
const targetDirectory = z
  .string({ error: 'must be a string or null' })
  .max(1024, 'must be at most 1024 characters')
  .transform((value, ctx) => {
    const path = value.trim().replace(/^\/+|\/+$/g, '');
    if (path === '') return null;
    const segments = path.split('/');
    if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
      ctx.addIssue({ code: 'custom', message: 'must be a relative path without empty, "." or ".." segments, for example "deliveries/2024"' });
      return z.NEVER;
    }
    // eslint-disable-next-line no-control-regex
    if (/[\\\u0000-\u001f]/.test(path)) {
      ctx.addIssue({ code: 'custom', message: 'must not contain backslashes or control characters' });
      return z.NEVER;
    }
    return path;
  })
  .nullable();

function uniqueList<T extends z.ZodType<string>>(item: T, itemName: string) {
  return z.array(item, { error: 'must be a list' }).superRefine((values, ctx) => {
    const seen = new Set<string>();
    values.forEach((value, index) => {
      const key = value.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [index], message: `repeats ${itemName} "${value}"` });
      seen.add(key);
    });
  });
}

const portalIds = uniqueList(text(200), 'portal id');
const emails = uniqueList(z.string({ error: 'must be a string' }).trim().pipe(z.email('must be a valid email address')), 'email address');
const slackChannel = text(80).nullable();
// Iconik metadata field names carry no whitespace; their case varies by system.
const descriptionField = text(200).regex(/^\S+$/, 'must not contain whitespace').nullable();
const flag = z.boolean({ error: 'must be true or false' });

const newIntegrationSchema = z.strictObject({
  name: text(200),
  iconikBaseUrl,
  appId: uuid,
  token: text(4096),
  storageId: uuid,
  targetDirectory: targetDirectory.default(null),
  syncMetadata: flag.default(false),
  portalIds: portalIds.default([]),
  sendToCloud: flag.default(false),
  notifications: z
    .strictObject({ slackChannel: slackChannel.default(null), emails: emails.default([]) }, { error: 'must be an object' })
    .default({ slackChannel: null, emails: [] }),
  descriptionField: descriptionField.default(null),
  metadataMapping: metadataMappingSchema.nullable().default(null),
});

const updateSchema = z.strictObject({
  name: text(200).optional(),
  iconikBaseUrl: iconikBaseUrl.optional(),
  appId: uuid.optional(),
  token: text(4096).optional(),
  storageId: uuid.optional(),
  targetDirectory: targetDirectory.optional(),
  syncMetadata: flag.optional(),
  portalIds: portalIds.optional(),
  sendToCloud: flag.optional(),
  notifications: z.strictObject({ slackChannel: slackChannel.optional(), emails: emails.optional() }, { error: 'must be an object' }).optional(),
  descriptionField: descriptionField.optional(),
  metadataMapping: metadataMappingSchema.nullable().optional(),
});

const statusChangeSchema = z.discriminatedUnion(
  'kind',
  [z.strictObject({ kind: z.literal('ok') }), z.strictObject({ kind: z.literal('error'), message: text(4000) })],
  { error: 'must be { kind: "ok" } or { kind: "error", message }' },
);

const listFilterSchema = z.strictObject({ status: z.enum(['ok', 'error'], { error: 'must be "ok" or "error"' }).optional() });

export function validateNewIntegration(input: NewIntegration): ValidNewIntegration {
  return validate(newIntegrationSchema, input);
}

export function validateUpdate(input: IntegrationUpdate): ValidIntegrationUpdate {
  return validate(updateSchema, input);
}

export function validateStatusChange(input: StatusChange): StatusChange {
  return validate(statusChangeSchema, input);
}

export function validateListFilter(input: IntegrationListFilter): IntegrationListFilter {
  return validate(listFilterSchema, input);
}

export function validateIntegrationId(id: string): string {
  return validate(z.object({ id: uuid }), { id }).id;
}

export function validatePortalId(portalId: string): string {
  return validate(z.object({ portalId: text(200) }), { portalId }).portalId;
}

// Fields whose value never appears in an error message.
const secretFields = new Set(['token']);

function validate<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new IntegrationValidationError(result.error.issues.map((issue) => describeIssue(issue, input)));
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): ValidationIssue {
  if (issue.code === 'unrecognized_keys') {
    const prefix = issue.path.length > 0 ? `${issue.path.join('.')}.` : '';
    return { field: issue.keys.map((key) => prefix + key).join(', '), message: 'is not a known field: check the spelling' };
  }
  const field = issue.path.length > 0 ? issue.path.join('.') : '(input)';
  const value = valueAt(input, issue.path);
  if (secretFields.has(String(issue.path[0])) || !(typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
    return { field, message: issue.message };
  }
  const valueText = String(value);
  if (issue.message.includes(`"${valueText}"`)) return { field, message: issue.message };
  return { field, message: `${issue.message} (got "${valueText.length > 80 ? `${valueText.slice(0, 80)}...` : valueText}")` };
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
