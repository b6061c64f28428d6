import { z } from 'zod';
import type { NewPackage } from '../../domain/package';

/**
 * The transfer service's own webhook body: a `NewPackage` as JSON. Optional
 * fields default to none. The store applies the detailed rules.
 */
export const servicePackageBody = z
  .strictObject({
    id: z.string().describe('Package id, unique per package; a repeated event carries the same id and body'),
    name: z.string(),
    portal: z
      .strictObject({ id: z.string(), name: z.string() })
      .nullable()
      .default(null)
      .describe('The portal the package arrived through; null for a package without portal'),
    uploaderEmail: z.string(),
    recipients: z.array(z.string()).default([]),
    description: z.string().nullable().default(null).describe('The package description typed on the portal; null when there is none'),
    metadata: z
      .record(z.string(), z.union([z.string(), z.array(z.string())]))
      .default({})
      .describe("Form fields filled in on the portal, by field name; a checkbox group's ticked choices are a list of strings"),
    downloadUrl: z.string().nullable().default(null),
    files: z.array(
      z.strictObject({
        path: z.string().describe('Relative "/"-separated path inside the package'),
        size: z.number().describe('Size in bytes'),
        source: z.string().describe('file:///absolute/path, s3://bucket/key or https:// URL of the bytes'),
      }),
    ),
    folders: z.array(z.string()).default([]).describe('Folder paths, empty ones included; parents of files are added'),
  })
  .meta({ title: 'Service package' });

export type ServicePackageBody = z.infer<typeof servicePackageBody>;

export function fromServicePackage(body: ServicePackageBody): NewPackage {
  return body;
}
