import { loadMetadataSchema, powerUserProblem } from '../../connect/metadata-schema';
import type { DeliveryMetadataReport } from '../../domain/delivery';
import type { Package } from '../../domain/package';
import type { IconikClient } from '../../iconik/client';
import { IconikError } from '../../iconik/errors';
import type { IconikUser } from '../../iconik/schemas';
import type { Integration } from '../../integrations/types';
import type { Logger } from '../../logging/logger';
import { computeMetadata, type MetadataValues } from '../../metadata';
import { iconikFor, type DeliveryActivityDependencies } from './deps';

/** The exact `metadata_values` body a delivery writes on each asset and on the package collection, and the view it goes through. */
export interface MetadataWrite {
  viewId: string;
  values: MetadataValues;
}

/** The metadata part of a delivery plan. */
export interface PlannedMetadata {
  write: MetadataWrite | null;
  report: DeliveryMetadataReport;
  /** True when `write` carries the asset description, so it is not written separately. */
  includesDescription: boolean;
}

const notWritten = ' No package metadata was written; the files are still delivered.';

/**
 * Plans the package metadata of a delivery: returns null when the
 * integration's metadata sync is off, and otherwise the values to write and
 * every problem found. Problems never stop the delivery: the sound mappings
 * are written and the rest is reported.
 */
export async function planMetadata(input: {
  client: IconikClient;
  integration: Integration;
  package: Package;
  user: IconikUser;
  /** Whether the user has the role that writes metadata values. */
  canWriteMetadata: boolean;
  descriptionText: string | null;
  log: Logger;
}): Promise<PlannedMetadata | null> {
  const { integration, user, log } = input;
  if (!integration.syncMetadata) return null;

  const skipped = (problem: string): PlannedMetadata => {
    log.warn({ problem }, 'package metadata skipped');
    return { write: null, report: { viewId: null, fieldsWritten: [], unmappedFields: [], problems: [problem] }, includesDescription: false };
  };
  if (user.type !== 'POWER') {
    return skipped(powerUserProblem(user.email ?? user.id, user.type ?? null) + notWritten);
  }
  if (!input.canWriteMetadata) {
    return skipped(
      `The Iconik user ${user.email ?? user.id} lacks the role Metadata values: Write (can_write_metadata_values): add it to one of the user's groups in Admin > Groups.${notWritten}`,
    );
  }
  const mapping = integration.metadataMapping;
  if (mapping === null) {
    return skipped(`Metadata sync is on but the integration has no metadata mapping: set metadataMapping with PATCH /integrations/${integration.id}.${notWritten}`);
  }

  const schema = await loadMetadataSchema(input.client, mapping.viewId, integration.descriptionField);
  const pkg = input.package;
  const computed = computeMetadata({
    mapping,
    schema,
    package: { name: pkg.name, description: pkg.description, senderEmail: pkg.uploaderEmail, metadata: pkg.metadata },
    descriptionText: input.descriptionText,
  });
  const fieldsWritten = Object.keys(computed.values);
  const report: DeliveryMetadataReport = {
    viewId: computed.writable ? computed.viewId : null,
    fieldsWritten,
    unmappedFields: 'listInStatus' in computed.unmapped.destination ? computed.unmapped.lines : [],
    problems: computed.problems.map((problem) => problem.message),
  };
  if (report.problems.length > 0) log.warn({ viewId: mapping.viewId, problems: report.problems }, 'package metadata has problems; the sound fields are still written');
  log.info({ viewId: mapping.viewId, fieldsWritten, writable: computed.writable }, 'package metadata planned');
  return {
    write: computed.writable ? { viewId: computed.viewId, values: computed.values } : null,
    report,
    includesDescription: computed.writable && computed.includesDescription,
  };
}

/**
 * Writes metadata through a view and returns null, or returns why Iconik
 * rejected it. Retryable errors propagate so the activity retries; a
 * rejection is reported instead, because metadata never stops a delivery.
 */
export async function writeMetadata(client: IconikClient, objectType: 'assets' | 'collections', objectId: string, write: MetadataWrite, log: Logger): Promise<string | null> {
  try {
    await client.putMetadataValues(objectType, objectId, write.viewId, write.values);
    return null;
  } catch (error) {
    if (!(error instanceof IconikError) || error.retryable) throw error;
    log.warn({ objectType, objectId, viewId: write.viewId, err: error }, 'Iconik rejected the package metadata');
    return `Iconik rejected the package metadata on ${objectType === 'assets' ? 'an asset' : 'the package collection'} (${objectId}): ${error.message}`;
  }
}

export function createMetadataActivities(deps: DeliveryActivityDependencies) {
  return {
    /** Writes the package metadata once on the package collection; returns the problem when Iconik rejects it. */
    async writeCollectionMetadata(input: { deliveryId: string; integrationId: string; collectionId: string; write: MetadataWrite }): Promise<{ problem: string | null }> {
      const log = deps.logger.child({ deliveryId: input.deliveryId, collectionId: input.collectionId });
      const client = await iconikFor(deps, input.integrationId);
      const problem = await writeMetadata(client, 'collections', input.collectionId, input.write, log);
      if (problem === null) log.info({ viewId: input.write.viewId, fields: Object.keys(input.write.values) }, 'package metadata written on the package collection');
      return { problem };
    },
  };
}

export type MetadataActivities = ReturnType<typeof createMetadataActivities>;
