import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { TransferInputError } from '../errors';
import type { ByteRange, SourceRead, SourceReader } from './types';

/**
 * Reads `file:///abs/path` sources that lie inside `root`. Both paths are
 * resolved with realpath first, so neither `..` nor a symlink can reach a
 * file outside the root.
 */
export function createFileSourceReader(options: { root: string }): SourceReader {
  return {
    protocols: ['file:'],

    async open(url: URL, range: ByteRange, signal?: AbortSignal): Promise<SourceRead> {
      if (url.host !== '') throw new TransferInputError('InvalidSource', `file source ${url.href} names host ${url.host}: only local files (file:///abs/path) can be read`);
      const path = fileURLToPath(url);
      const root = await realpath(options.root).catch((error: NodeJS.ErrnoException) => {
        throw new Error(`the source root ${options.root} cannot be resolved (${error.code ?? error.message}): create it or set SOURCE_FILE_ROOT`);
      });
      // A path outside the root is rejected before the file system is asked, so a missing file there is reported as outside too.
      if (!isInside(root, path) && !isInside(resolve(options.root), path)) throw outsideRoot(path, path, root);
      const resolved = await realpath(path).catch((error: NodeJS.ErrnoException) => {
        throw new Error(`file source ${path} cannot be read (${error.code ?? error.message}): check that the file exists under ${root}`);
      });
      if (!isInside(root, resolved)) throw outsideRoot(path, resolved, root);
      const { size } = await stat(resolved);
      const end = Math.min(range.end ?? size, size);
      if (end <= range.start) return { stream: Readable.from([]), size };
      // createReadStream's end is inclusive.
      return { stream: createReadStream(resolved, { start: range.start, end: end - 1, signal, highWaterMark: 1024 * 1024 }), size };
    },
  };
}


function isInside(root: string, path: string): boolean {
  const inside = relative(root, path);
  return inside !== '' && inside !== '..' && !inside.startsWith(`..${sep}`) && !isAbsolute(inside);
}

function outsideRoot(path: string, resolved: string, root: string): TransferInputError {
  return new TransferInputError(
    'SourceOutsideRoot',
    `file source ${path}${resolved === path ? '' : ` resolves to ${resolved}, which`} is outside the source root ${root}: move the file under the root or change SOURCE_FILE_ROOT`,
  );
}
