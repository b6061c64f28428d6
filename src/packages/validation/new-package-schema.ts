import { z } from 'zod';
import { parentFolders, pathProblem, textProblem } from './text-rules';
import { sourceProblem } from './sources';

/** Largest file size accepted: 5 TiB. */
export const maxFileSize = 5 * 1024 ** 4;

const packageIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;
export const packageIdRule = 'must be 1 to 200 letters, digits, ".", "_", ":" or "-", starting with a letter or digit';

function checked(problem: (value: string) => string | undefined) {
  return (value: string, ctx: z.RefinementCtx) => {
    const message = problem(value);
    if (message !== undefined) ctx.addIssue({ code: 'custom', message });
  };
}

function text(max: number) {
  return z
    .string({ error: 'must be a string' })
    .max(max, `must be at most ${max} characters`)
    .refine((value) => value.trim() !== '', 'must not be empty or only whitespace')
    .superRefine(checked(textProblem));
}

// Portal ids are matched exactly against the integrations' portal ids, which
// the integrations store keeps trimmed.
const portalId = text(200).refine((value) => value === value.trim(), 'must not start or end with whitespace');

export const packageId = z.string({ error: 'must be a string' }).regex(packageIdPattern, packageIdRule);

const email = z.email({ error: 'must be a valid email address' });

const httpUrl = z.string({ error: 'must be a string' }).superRefine((value, ctx) => {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    ctx.addIssue({ code: 'custom', message: 'must be an http or https URL' });
  }
});

const packagePath = z.string({ error: 'must be a string' }).superRefine(checked(pathProblem));

const fileSize = z
  .number({ error: 'must be a number of bytes' })
  .int('must be a whole number of bytes')
  .min(0, 'must not be negative')
  .max(maxFileSize, `must be at most 5 TiB (${maxFileSize} bytes)`);

const fileSource = z
  .string({ error: 'must be a string' })
  .superRefine(checked((value) => textProblem(value) ?? sourceProblem(value)));

const packageFile = z.strictObject({ path: packagePath, size: fileSize, source: fileSource }, { error: 'must be an object with path, size and source' });

// Form metadata travels in the delivery's workflow history, so its size is bounded.
export const maxMetadataFields = 200;
export const maxMetadataCharacters = 64 * 1024;

// Long text answers span lines, so tabs and line breaks pass like in descriptions.
const formText = z.string({ error: 'must be a string' }).max(10_000, 'must be at most 10000 characters').superRefine(checked(multilineProblem));

// A checkbox group sends the list of ticked choices.
const formValue = z.union([formText, z.array(formText, { error: 'must be a string or a list of strings' }).max(100, 'must have at most 100 choices')], {
  error: 'must be a string or a list of strings',
});

// Descriptions and form answers may span lines, so tabs and line breaks pass; other control characters do not.
function multilineProblem(value: string): string | undefined {
  return textProblem(value.replace(/[\t\n\r]/g, ' '));
}

function checkMetadataSize(metadata: Record<string, string | string[]>, ctx: z.RefinementCtx): void {
  const entries = Object.entries(metadata);
  if (entries.length > maxMetadataFields) ctx.addIssue({ code: 'custom', message: `has ${entries.length} fields, more than the ${maxMetadataFields} allowed` });
  const characters = entries.reduce((total, [key, value]) => total + key.length + (Array.isArray(value) ? value.join('').length : value.length), 0);
  if (characters > maxMetadataCharacters) {
    ctx.addIssue({ code: 'custom', message: `has ${characters} characters in its names and values, more than the ${maxMetadataCharacters} allowed: send long texts as files` });
  }
}

/** The rules of a new package; `checkTree` adds those that span several files. */
export const newPackageSchema = z
  .strictObject({
    id: packageId,
    name: text(1_024),
    portal: z.strictObject({ id: portalId, name: text(1_024) }, { error: 'must be an object with id and name, or null' }).nullable(),
    uploaderEmail: email,
    recipients: z.array(email, { error: 'must be a list of email addresses' }).superRefine(uniqueIgnoringCase('recipient')),
    description: z
      .string({ error: 'must be a string or null' })
      .max(10_000, 'must be at most 10000 characters')
      .superRefine(checked(multilineProblem))
      .nullable()
      .default(null),
    metadata: z
      .record(z.string(), formValue, { error: 'must be an object of strings or lists of strings' })
      .superRefine(checkMetadataKeys)
      .superRefine(checkMetadataSize),
    downloadUrl: httpUrl.nullable(),
    files: z.array(packageFile, { error: 'must be a list of files' }),
    folders: z.array(packagePath, { error: 'must be a list of folder paths' }),
  })
  .superRefine((value, ctx) => checkTree(value.files, value.folders, ctx));

function checkMetadataKeys(metadata: Record<string, string | string[]>, ctx: z.RefinementCtx): void {
  for (const key of Object.keys(metadata)) {
    let problem = textProblem(key);
    if (key.trim() === '') problem = 'must not be empty or only whitespace';
    if (key.length > 200) problem = 'must be at most 200 characters';
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: `has an invalid key "${key.slice(0, 200)}": the key ${problem}` });
  }
}

function uniqueIgnoringCase(itemName: string) {
  return (values: string[], ctx: z.RefinementCtx) => {
    const seen = new Map<string, number>();
    values.forEach((value, index) => {
      const key = value.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: [index], message: `repeats ${itemName} ${first} ("${value}")` });
      else seen.set(key, index);
    });
  };
}

/**
 * Checks that paths are unique within the package (compared exactly, so NFC
 * and NFD spellings differ) and that no file path is also a folder, whether
 * the folder is listed or is the parent of another path.
 */
function checkTree(files: { path: string }[], folders: string[], ctx: z.RefinementCtx): void {
  const fileIndexByPath = new Map<string, number>();
  files.forEach((file, index) => {
    const first = fileIndexByPath.get(file.path);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['files', index, 'path'], message: `repeats the path of files.${first}: "${file.path}"` });
    else fileIndexByPath.set(file.path, index);
  });

  const folderIndexByPath = new Map<string, number>();
  folders.forEach((folder, index) => {
    const first = folderIndexByPath.get(folder);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['folders', index], message: `repeats folders.${first}: "${folder}"` });
    else folderIndexByPath.set(folder, index);
  });

  const reported = new Set<number>();
  const reportFileAsFolder = (fileIndex: number, reason: string) => {
    if (reported.has(fileIndex)) return;
    reported.add(fileIndex);
    ctx.addIssue({ code: 'custom', path: ['files', fileIndex, 'path'], message: `is also a folder (${reason}): a path is either a file or a folder` });
  };
  folders.forEach((folder, index) => {
    const fileIndex = fileIndexByPath.get(folder);
    if (fileIndex !== undefined) reportFileAsFolder(fileIndex, `folders.${index}`);
  });
  const parents: [string[], string][] = [
    ...files.map((file, index): [string[], string] => [parentFolders(file.path), `a parent of files.${index}.path`]),
    ...folders.map((folder, index): [string[], string] => [parentFolders(folder), `a parent of folders.${index}`]),
  ];
  for (const [paths, reason] of parents) {
    for (const parent of paths) {
      const fileIndex = fileIndexByPath.get(parent);
      if (fileIndex !== undefined) reportFileAsFolder(fileIndex, reason);
    }
  }
}
