import type { Logger } from 'pino';
import type { B2LargeFiles, ObjectLocation } from '../types';
import { createB2FaultQueue, type B2FaultQueue } from './faults';
import { checkB2FileName } from './file-names';
import { newB2FileId } from './ids';
import { B2LargeFileRegistry } from './large-files';
import { B2ObjectStore, type B2FileRecord, type ReceivedBytes } from './object-store';
import { createB2Tokens, type B2Tokens } from './tokens';

/** The account id that the simulated B2 returns in its responses. */
export const simulatedAccountId = '000000000000';

/** The state behind the simulated B2: stored files, upload tokens, unfinished large files and injected faults. */
export interface B2Service {
  store: B2ObjectStore;
  tokens: B2Tokens;
  faults: B2FaultQueue;
  largeFiles: B2LargeFileRegistry;
  /** Stores received bytes as a file and returns the record B2 returns for it. */
  commitFile(bucket: string, fileName: string, received: ReceivedBytes, contentType: string, fileInfo: Record<string, string>): Promise<B2FileRecord>;
  /** The large-file calls behind Iconik's `multipart/b2/*` endpoints; `uploadUrl` builds a part-upload URL for a file id. */
  largeFileCalls(uploadUrl: (fileId: string) => string): B2LargeFiles;
}

export function createB2Service(dir: string, logger: Logger): B2Service {
  const store = new B2ObjectStore(dir);
  const tokens = createB2Tokens();
  const largeFiles = new B2LargeFileRegistry(store, logger);

  const commitFile: B2Service['commitFile'] = async (bucket, fileName, received, contentType, fileInfo) => {
    const record: B2FileRecord = {
      fileId: newB2FileId(bucket),
      fileName,
      contentLength: received.size,
      contentSha1: received.sha1,
      contentMd5: received.md5,
      contentType,
      fileInfo,
      uploadTimestamp: Date.now(),
    };
    await store.commit(bucket, received.path, record);
    logger.info({ method: 'B2', bucket, key: fileName, fileId: record.fileId, size: record.contentLength }, 'stored file');
    return record;
  };

  return {
    store,
    tokens,
    faults: createB2FaultQueue(),
    largeFiles,
    commitFile,

    largeFileCalls(uploadUrl) {
      return {
        async startLargeFile(location: ObjectLocation) {
          checkB2FileName(location.key);
          await store.ensureBucket(location.bucket);
          const fileId = await largeFiles.start(location.bucket, location.key);
          const token = tokens.issue({ kind: 'upload_part', fileId });
          return { upload_file_id: fileId, upload_url: uploadUrl(fileId), authorization_token: token };
        },

        partUploadTarget(uploadFileId) {
          largeFiles.get(uploadFileId);
          const token = tokens.issue({ kind: 'upload_part', fileId: uploadFileId });
          return Promise.resolve({ upload_file_id: uploadFileId, upload_url: uploadUrl(uploadFileId), authorization_token: token });
        },

        async finishLargeFile(uploadFileId, sha1List) {
          const assembled = await largeFiles.assemble(uploadFileId, sha1List);
          const { file } = assembled;
          const record: B2FileRecord = {
            fileId: uploadFileId,
            fileName: file.fileName,
            contentLength: assembled.size,
            // B2 reports "none" for a large file unless the client set the large_file_sha1 file info.
            contentSha1: 'none',
            contentMd5: undefined,
            contentType: 'application/octet-stream',
            fileInfo: {},
            uploadTimestamp: Date.now(),
          };
          await store.commit(file.bucket, assembled.path, record);
          await largeFiles.remove(uploadFileId);
          tokens.revokeFile(uploadFileId);
          logger.info({ method: 'B2', bucket: file.bucket, key: file.fileName, fileId: uploadFileId, parts: sha1List.length, size: assembled.size }, 'finished large file');
          return { size: assembled.size };
        },

        async cancelLargeFile(uploadFileId) {
          await largeFiles.remove(uploadFileId);
          tokens.revokeFile(uploadFileId);
          logger.info({ method: 'B2', fileId: uploadFileId }, 'cancelled large file');
        },

        activeLargeFiles() {
          return largeFiles.list().map((file) => ({
            fileId: file.fileId,
            bucket: file.bucket,
            fileName: file.fileName,
            partNumbers: [...file.parts.keys()].sort((a, b) => a - b),
          }));
        },
      };
    },
  };
}
