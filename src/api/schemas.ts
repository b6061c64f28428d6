import { z } from 'zod';
import { metadataMappingSchema } from '../metadata/mapping';

// Request and response shapes of the HTTP API. They type-check values; the
// integrations store applies the detailed rules (UUIDs, URL forms, emails)
// and names the field and the rule when one is broken.

const notifications = z.strictObject({
  slackChannel: z.string().nullable().optional(),
  emails: z.array(z.string()).optional(),
});

export const credentialsBody = z.strictObject({
  iconikBaseUrl: z.url({ error: 'must be an http or https URL, for example https://app.iconik.io' }),
  appId: z.string().min(1, 'must not be empty'),
  token: z.string().min(1, 'must not be empty'),
});

export const createIntegrationBody = z.strictObject({
  name: z.string(),
  iconikBaseUrl: z.string(),
  appId: z.string(),
  token: z.string(),
  storageId: z.string(),
  targetDirectory: z.string().nullable().optional(),
  syncMetadata: z.boolean().optional(),
  portalIds: z.array(z.string()).optional(),
  sendToCloud: z.boolean().optional(),
  notifications: notifications.optional(),
  descriptionField: z.string().nullable().optional(),
  metadataMapping: metadataMappingSchema.nullable().optional(),
});

export const updateIntegrationBody = z.strictObject({
  // Accepted only to reject them with the fix: these identify the Iconik
  // account and storage, so changing them means connecting a new integration.
  iconikBaseUrl: z.unknown().optional(),
  appId: z.unknown().optional(),
  storageId: z.unknown().optional(),
  name: z.string().optional(),
  token: z.string().optional(),
  targetDirectory: z.string().nullable().optional(),
  syncMetadata: z.boolean().optional(),
  portalIds: z.array(z.string()).optional(),
  sendToCloud: z.boolean().optional(),
  notifications: notifications.optional(),
  descriptionField: z.string().nullable().optional(),
  metadataMapping: metadataMappingSchema.nullable().optional(),
});

export const integrationParams = z.strictObject({ id: z.string() });

export const listQuery = z.strictObject({ status: z.enum(['ok', 'error']).optional() });

export const integrationResponse = z.object({
  id: z.string(),
  name: z.string(),
  iconikBaseUrl: z.string(),
  appId: z.string(),
  storageId: z.string(),
  targetDirectory: z.string().nullable(),
  syncMetadata: z.boolean(),
  portalIds: z.array(z.string()),
  sendToCloud: z.boolean(),
  notifications: z.object({ slackChannel: z.string().nullable(), emails: z.array(z.string()) }),
  descriptionField: z.string().nullable(),
  metadataMapping: metadataMappingSchema.nullable(),
  status: z.union([
    z.object({ kind: z.literal('ok'), setAt: z.string() }),
    z.object({ kind: z.literal('error'), message: z.string(), setAt: z.string() }),
  ]),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const errorResponse = z.object({
  error: z.string(),
  message: z.string(),
  issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});

export const metadataProblem = z.object({
  formField: z.string().nullable().describe('The portal form field or built-in source involved, or null'),
  iconikField: z.string().nullable().describe('The Iconik field involved, or null'),
  message: z.string().describe('What is wrong and how to fix it'),
});

/** Response to a save that the metadata checks rejected. */
export const metadataRejectionResponse = errorResponse.extend({ problems: z.array(metadataProblem) });
