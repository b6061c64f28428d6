import type { z } from 'zod';
import type { NewPackage } from '../../domain/package';
import type { PackageIssue } from '../errors';
import { toPackageIssues } from '../validation/validate';
import { fromMasvManifest, masvManifestBody } from './masv-manifest';
import { fromServicePackage, servicePackageBody } from './service-shape';

export type WebhookBodyShape = 'service' | 'masv';

/** A webhook body converted to a package, with the way back to the body's own field names for error messages. */
export interface ParsedWebhookBody {
  shape: WebhookBodyShape;
  newPackage: NewPackage;
  /** Maps a `NewPackage` field to the field of the body it came from. */
  bodyField(packageField: string): string;
}

/**
 * Parses a webhook body of either shape: the service's package (recognised
 * by `uploaderEmail`) or MASV's transfer manifest (recognised by `sender`).
 * Returns the fields at fault when the body fits neither.
 */
export function parseWebhookBody(body: unknown): ParsedWebhookBody | { issues: PackageIssue[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { issues: [{ field: 'body', message: 'must be a JSON object' }] };
  }

  if ('uploaderEmail' in body) {
    const result = servicePackageBody.safeParse(body);
    if (!result.success) return { issues: toIssues(result.error) };
    return { shape: 'service', newPackage: fromServicePackage(result.data), bodyField: (field) => field };
  }

  if ('sender' in body) {
    const result = masvManifestBody.safeParse(body);
    if (!result.success) return { issues: toIssues(result.error) };
    const converted = fromMasvManifest(result.data);
    if ('issues' in converted) return converted;
    return { shape: 'masv', newPackage: converted.newPackage, bodyField: (field) => converted.manifestField(field) };
  }

  return {
    issues: [
      {
        field: 'body',
        message: 'matches neither accepted shape: send the service package (with uploaderEmail) or a MASV transfer manifest (with sender)',
      },
    ],
  };
}

function toIssues(error: z.ZodError): PackageIssue[] {
  return toPackageIssues(error).map((issue) => (issue.field === 'package' ? { ...issue, field: 'body' } : issue));
}
