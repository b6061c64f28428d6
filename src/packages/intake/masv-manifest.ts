import { z } from 'zod';
import type { NewPackage } from '../../domain/package';

const masvFile = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('file'),
    path: z.string().describe('Relative "/"-separated path inside the package'),
    size: z.number().describe('Size in bytes'),
    url: z.string().describe('Where the bytes are: file:///absolute/path, s3://bucket/key or an https:// URL'),
  }),
  z.object({
    kind: z.literal('directory'),
    path: z.string().describe('Relative "/"-separated folder path; it may be empty of files'),
  }),
]);

/**
 * MASV's transfer manifest. Each entry of `files` is a file or a directory;
 * a file's `url` is the location of its bytes. Fields this service does not
 * use are ignored, because MASV may add fields. The manifest carries no
 * package description, so packages received in this shape have none.
 */
export const masvManifestBody = z
  .object({
    id: z.string(),
    name: z.string(),
    portal_id: z.string().nullable().optional().describe('Portal id; omitted or null for a package without portal'),
    portal_name: z.string().nullable().optional(),
    sender: z.string().describe('Email address of the uploader'),
    recipients: z.array(z.string()).optional(),
    metadata: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()]))]))
      .optional()
      .describe("Form fields; numbers and booleans are stored as their text, and a checkbox group's list as a list of texts"),
    download_url: z.string().nullable().optional(),
    files: z.array(masvFile),
  })
  .meta({ title: 'MASV transfer manifest' });

export type MasvManifestBody = z.infer<typeof masvManifestBody>;

/** A converted manifest, and the way back from a package field to the manifest field it came from. */
export interface ConvertedManifest {
  newPackage: NewPackage;
  /** Maps a `NewPackage` field such as `files.3.source` to the manifest field, such as `files.5.url`. */
  manifestField(packageField: string): string;
}

/** Converts a manifest: directories become folders, and the store adds the parent folders of every path. */
export function fromMasvManifest(body: MasvManifestBody): ConvertedManifest | { issues: { field: string; message: string }[] } {
  const hasPortalId = body.portal_id !== undefined && body.portal_id !== null;
  const hasPortalName = body.portal_name !== undefined && body.portal_name !== null;
  if (hasPortalId !== hasPortalName) {
    const missing = hasPortalId ? 'portal_name' : 'portal_id';
    return { issues: [{ field: missing, message: 'is required when the other portal field is set: send both portal_id and portal_name, or neither' }] };
  }

  const files: NewPackage['files'] = [];
  const folders: string[] = [];
  const fileEntry: number[] = [];
  const folderEntry: number[] = [];
  body.files.forEach((entry, index) => {
    if (entry.kind === 'file') {
      files.push({ path: entry.path, size: entry.size, source: entry.url });
      fileEntry.push(index);
    } else {
      folders.push(entry.path);
      folderEntry.push(index);
    }
  });

  const newPackage: NewPackage = {
    id: body.id,
    name: body.name,
    portal: hasPortalId ? { id: body.portal_id ?? '', name: body.portal_name ?? '' } : null,
    uploaderEmail: body.sender,
    recipients: body.recipients ?? [],
    metadata: Object.fromEntries(Object.entries(body.metadata ?? {}).map(([key, value]) => [key, Array.isArray(value) ? value.map(String) : String(value)])),
    downloadUrl: body.download_url ?? null,
    files,
    folders,
  };
  return { newPackage, manifestField: (field) => toManifestField(field, fileEntry, folderEntry) };
}

const renamedFields: Record<string, string> = {
  uploaderEmail: 'sender',
  'portal.id': 'portal_id',
  'portal.name': 'portal_name',
  downloadUrl: 'download_url',
};

function toManifestField(field: string, fileEntry: number[], folderEntry: number[]): string {
  const file = /^files\.(\d+)(?:\.(\w+))?$/.exec(field);
  if (file !== null) {
    const entry = fileEntry[Number(file[1])];
    const property = file[2] === 'source' ? 'url' : file[2];
    return property === undefined ? `files.${entry}` : `files.${entry}.${property}`;
  }
  const folder = /^folders\.(\d+)$/.exec(field);
  if (folder !== null) return `files.${folderEntry[Number(folder[1])]}.path`;

  return renamedFields[field] ?? field;
}
