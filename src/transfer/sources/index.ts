import { TransferInputError } from '../errors';
import type { ByteRange, SourceRead, SourceReader } from './types';

/** Opens any source URL with the reader of its scheme. */
export interface SourceOpener {
  open(source: string, range: ByteRange, signal?: AbortSignal): Promise<SourceRead>;
}

export function createSourceOpener(readers: SourceReader[]): SourceOpener {
  const byProtocol = new Map(readers.flatMap((reader) => reader.protocols.map((protocol) => [protocol, reader] as const)));
  return {
    open(source, range, signal) {
      let url: URL;
      try {
        url = new URL(source);
      } catch {
        throw new TransferInputError('InvalidSource', `source "${source.slice(0, 200)}" is not a URL: use file:///abs/path, s3://bucket/key or https://...`);
      }
      const reader = byProtocol.get(url.protocol);
      if (reader === undefined) {
        throw new TransferInputError('InvalidSource', `source scheme ${url.protocol} is not supported: use one of ${[...byProtocol.keys()].join(', ')}`);
      }
      return reader.open(url, range, signal);
    },
  };
}

export { createFileSourceReader } from './file';
export { createHttpSourceReader } from './http';
export { createS3SourceReader, type S3SourceOptions } from './s3';
export { rangeLength, type ByteRange, type SourceRead, type SourceReader } from './types';
