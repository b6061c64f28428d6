// Rules shared by every text field of a package. Each returns the broken
// rule as a message, or undefined when the value passes.

// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u001f\u007f]/;
// A high surrogate without a low one after it, or a low one without a high one before it.
const unpairedSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Checks that a string can be stored and read back byte for byte: a lone
 * UTF-16 surrogate has no UTF-8 form, and PostgreSQL text cannot hold U+0000.
 */
export function textProblem(value: string): string | undefined {
  if (unpairedSurrogate.test(value)) return 'must be valid Unicode, but it contains an unpaired surrogate';
  if (controlCharacters.test(value)) return 'must not contain control characters (U+0000 to U+001F or U+007F)';
  return undefined;
}

/** Largest path, in UTF-16 code units as JavaScript counts string length. */
export const maxPathLength = 4_096;

/**
 * Checks a path inside a package: relative, "/"-separated, without empty,
 * "." or ".." segments. The value is never normalized, so NFC and NFD
 * spellings of a name stay two different paths.
 */
export function pathProblem(path: string): string | undefined {
  if (path === '') return 'must not be empty';
  if (path.length > maxPathLength) return `must be at most ${maxPathLength} characters`;
  const text = textProblem(path);
  if (text !== undefined) return text;
  if (path.startsWith('/')) return `must be relative: remove the leading "/" from "${path}"`;
  const segments = path.split('/');
  if (segments.includes('')) return `must not contain an empty segment ("//" or a trailing "/"): "${path}"`;
  if (segments.includes('..')) return `must not contain a ".." segment: "${path}"`;
  if (segments.includes('.')) return `must not contain a "." segment: "${path}"`;
  return undefined;
}

/** Returns every parent folder of a path, outermost first: `a/b/c` gives `a` and `a/b`. */
export function parentFolders(path: string): string[] {
  const parents: string[] = [];
  for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
    parents.push(path.slice(0, slash));
  }
  return parents;
}
