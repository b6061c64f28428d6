import { ApplicationFailure } from '@temporalio/activity';
import { ineligibilityReasons } from '../../connect/eligibility';
import { metadataWriteRole, missingRoles } from '../../connect/required-roles';
import { parentSegments } from '../../domain/layout';
import type { Package } from '../../domain/package';
import { IconikError } from '../../iconik/errors';
import type { DeliveryMetadataReport } from '../../domain/delivery';
import { iconikFor, type DeliveryActivityDependencies } from './deps';
import { planMetadata, type MetadataWrite } from './metadata';

/** The facts a delivery needs before it creates anything, small enough for workflow history. */
export interface DeliveryPlan {
  package: Package;
  storage: { id: string; method: string };
  /** Collection titles and directory names above the package, outermost first. */
  parentSegments: string[];
  /** The Iconik user the token acts as; formats are created in its name. */
  userId: string;
  /**
   * The view and field that receive each asset's description, when the
   * integration names a description field and `metadata` does not carry it.
   */
  description: { viewId: string; field: string; text: string } | null;
  /** The package metadata written on each asset and on the package collection, or null when none is written. */
  metadata: MetadataWrite | null;
  /** Metadata report for the status, or null when metadata sync is off. */
  metadataReport: DeliveryMetadataReport | null;
  recipients: string[];
}

/** Failure types a retry cannot fix; the workflow ends with them and the integration's status records them. */
export const preflightFailureTypes = ['IntegrationNotFound', 'PackageNotFound', 'InvalidCredentials', 'MissingRoles', 'StorageNotEligible', 'MetadataFieldMissing'] as const;

/** Returns the asset description: package name, uploader, and the portal when there is one. */
export function describePackage(pkg: Package): string {
  const lines = [`Package: ${pkg.name}`, `Uploaded by: ${pkg.uploaderEmail}`];
  if (pkg.portal !== null) lines.push(`Portal: ${pkg.portal.name}`);
  return lines.join('\n');
}

export function createPreflightActivities(deps: DeliveryActivityDependencies) {
  return {
    /**
     * Loads the integration and the package and checks, against Iconik, that
     * the token works, its user has every required role and the storage
     * still qualifies, then plans the package metadata. A failure that
     * retrying cannot fix marks the integration's status and raises a
     * non-retryable failure saying what to fix; metadata problems are only
     * reported.
     */
    async preflight(input: { deliveryId: string; integrationId: string; packageId: string }): Promise<DeliveryPlan> {
      const log = deps.logger.child(input);
      const integration = await deps.integrations.get(input.integrationId);
      if (integration === undefined) {
        throw ApplicationFailure.nonRetryable(`integration ${input.integrationId} not found: it was deleted after the package arrived`, 'IntegrationNotFound');
      }
      const pkg = await deps.packages.get(input.packageId);
      if (pkg === undefined) throw ApplicationFailure.nonRetryable(`package ${input.packageId} not found in the package store`, 'PackageNotFound');

      const fail = async (type: (typeof preflightFailureTypes)[number], message: string): Promise<never> => {
        await deps.integrations.setStatus(integration.id, { kind: 'error', message });
        log.warn({ type, reason: message }, 'delivery stopped before it started');
        throw ApplicationFailure.nonRetryable(message, type);
      };

      const client = await iconikFor(deps, integration.id);
      let user;
      try {
        await client.checkToken();
        user = await client.currentUser();
      } catch (error) {
        if (error instanceof IconikError && !error.retryable) {
          return fail('InvalidCredentials', `${error.message} Update the integration's token, then retry the delivery.`);
        }
        throw error;
      }
      if (user.status != null && user.status !== 'ACTIVE') {
        return fail('InvalidCredentials', `The Iconik user ${user.email ?? user.id} is ${user.status}: reactivate the user in Admin > Users, then retry the delivery.`);
      }
      const held = await client.currentUserRoles();
      const isAdmin = user.is_admin === true;
      // The description is written on every asset, so its role is required like the others.
      const missing = missingRoles(held, isAdmin, { writesMetadata: integration.descriptionField !== null });
      if (missing.length > 0) {
        return fail(
          'MissingRoles',
          `The Iconik user ${user.email ?? user.id} lacks ${missing.map((role) => `${role.label} (${role.id})`).join(', ')}: add them to one of the user's groups in Admin > Groups, then retry the delivery.`,
        );
      }

      let storage;
      try {
        storage = await client.getStorage(integration.storageId);
      } catch (error) {
        if (error instanceof IconikError && !error.retryable) {
          return fail('StorageNotEligible', `The storage ${integration.storageId} cannot be read: ${error.message} Delete the integration and connect again with another storage.`);
        }
        throw error;
      }
      const reasons = ineligibilityReasons(storage);
      if (reasons.length > 0) {
        return fail('StorageNotEligible', `The storage ${storage.name} no longer qualifies: ${reasons.join('; ')}. Fix it in Admin > Storage, or connect again with another storage.`);
      }

      const descriptionText = integration.descriptionField === null ? null : describePackage(pkg);
      const canWriteMetadata = missingRoles(held, isAdmin, { writesMetadata: true }).every((role) => role.id !== metadataWriteRole.id);
      const metadata = await planMetadata({ client, integration, package: pkg, user, canWriteMetadata, descriptionText, log });

      let description: DeliveryPlan['description'] = null;
      if (integration.descriptionField !== null && metadata?.includesDescription !== true) {
        const field = integration.descriptionField;
        // Writing through a view must fill its required fields, so the view
        // chosen is one whose only required field, if any, is the description.
        const holding = (await client.listMetadataViews()).filter((candidate) => (candidate.view_fields ?? []).some((viewField) => viewField.name === field));
        const view = holding.find((candidate) => (candidate.view_fields ?? []).every((viewField) => viewField.required !== true || viewField.name === field));
        if (view === undefined) {
          const reason =
            holding.length === 0
              ? `no Iconik metadata view contains the description field "${field}"`
              : `every view with the description field "${field}" also requires other fields (${holding.map((candidate) => candidate.name).join(', ')})`;
          return fail('MetadataFieldMissing', `${reason[0]!.toUpperCase()}${reason.slice(1)}: add the field to a view without other required fields in Admin > Metadata > Views, or change the integration's description field.`);
        }
        description = { viewId: view.id, field, text: descriptionText ?? describePackage(pkg) };
      }

      if (integration.status.kind === 'error') await deps.integrations.setStatus(integration.id, { kind: 'ok' });
      log.info({ storageId: storage.id, method: storage.method }, 'delivery preflight passed');
      return {
        package: pkg,
        storage: { id: storage.id, method: storage.method },
        parentSegments: parentSegments(integration.targetDirectory, pkg.portal),
        userId: user.id,
        description,
        metadata: metadata?.write ?? null,
        metadataReport: metadata?.report ?? null,
        recipients: [...new Set([...pkg.recipients, ...integration.notifications.emails])],
      };
    },
  };
}

export type PreflightActivities = ReturnType<typeof createPreflightActivities>;
