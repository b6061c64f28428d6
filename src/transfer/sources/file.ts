import { open, realpath } from 'node:fs/promises';
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
      const handle = await open(resolved, 'r');
      const { size } = await handle.stat().catch(async (error: unknown) => {
        await handle.close();
        throw error;
      });
      const end = Math.min(range.end ?? size, size);
      if (end <= range.start) {
        await handle.close();
        return { stream: Readable.from([]), size };
      }
      // The stream owns the handle and closes it when it ends or is destroyed. createReadStream's end is inclusive.
      const stream = handle.createReadStream({ start: range.start, end: end - 1, signal, highWaterMark: 1024 * 1024 });
      let position = range.start;
      return {
        stream,
        size,
        async readInto(target, offset, length) {
          signal?.throwIfAborted();
          const wanted = Math.min(length, end - position);
          if (wanted <= 0) return 0;
          const { bytesRead } = await handle.read(target, offset, wanted, position);
          position += bytesRead;
          return bytesRead;
        },
      };
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
