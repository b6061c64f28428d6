import { externalId, splitPath } from '../../domain/layout';
import type { PackageFile } from '../../domain/package';
import { iconikFor, type DeliveryActivityDependencies } from './deps';
import { writeMetadata, type MetadataWrite } from './metadata';

/** The Iconik objects of one delivered file. */
export interface RegisteredFile {
  assetId: string;
  formatId: string;
  fileSetId: string;
  fileId: string;
  jobId: string;
  /** Reason Iconik rejected the package metadata on the asset, or null when it was written or there was none. */
  metadataError: string | null;
}

export interface RegisterFileInput {
  deliveryId: string;
  integrationId: string;
  packageId: string;
  path: string;
  size: number;
  folderCollectionId: string;
  /** Directory of the file in storage, relative to the storage's path, for example `MASV/My Upload (2)/Day 1`. */
  directoryPath: string;
  storageId: string;
  storageMethod: string;
  userId: string;
  /** The description to write onto the asset, through the view that contains the integration's description field. */
  description: { viewId: string; field: string; text: string } | null;
  /** The package metadata to write onto the asset, in one PUT through its view. */
  metadata: MetadataWrite | null;
}

export function createFileActivities(deps: DeliveryActivityDependencies) {
  return {
    /**
     * Returns a page of the package's files in path order after `afterPath`,
     * or, with `paths`, the files with those paths (for a retry of failed files).
     */
    async listPackageFiles(input: { packageId: string; afterPath?: string; limit: number; paths?: string[] }): Promise<PackageFile[]> {
      if (input.paths === undefined) return deps.packages.listFiles(input.packageId, { afterPath: input.afterPath, limit: input.limit });
      const wanted = new Set(input.paths);
      const found: PackageFile[] = [];
      let afterPath: string | undefined;
      for (;;) {
        const page = await deps.packages.listFiles(input.packageId, { afterPath, limit: 1_000 });
        found.push(...page.filter((file) => wanted.has(file.path)));
        if (page.length === 0 || found.length === wanted.size) return found;
        afterPath = page.at(-1)?.path;
      }
    },

    /**
     * Creates, or finds from an earlier attempt, the asset (in its folder's
     * collection, titled with the file name), its ORIGINAL format, the file
     * set and the file record on the storage, and a TRANSFER job that
     * follows the upload. Each object is looked up before it is created, so a
     * retry after a crash makes no second one.
     */
    async registerFile(input: RegisterFileInput): Promise<RegisteredFile> {
      const log = deps.logger.child({ deliveryId: input.deliveryId, packageId: input.packageId, path: input.path });
      const client = await iconikFor(deps, input.integrationId);
      const { name } = splitPath(input.path);
      const key = externalId('file', input.integrationId, input.packageId, input.path);

      const [earlierAsset] = await client.listCollectionContents(input.folderCollectionId, { objectTypes: 'assets', externalId: key });
      const assetId = earlierAsset?.id ?? (await client.createAsset({ title: name, external_id: key, collection_id: input.folderCollectionId })).id;

      if (input.description !== null) {
        await client.putAssetMetadata(assetId, input.description.viewId, { [input.description.field]: [input.description.text] });
      }
      const metadataError = input.metadata === null ? null : await writeMetadata(client, 'assets', assetId, input.metadata, log);

      // A new asset has no formats, file sets, files or jobs yet, so only an
      // asset from an earlier attempt needs the look-ups, which saves four
      // rate-limited requests per file.
      const reused = earlierAsset !== undefined;
      const format =
        (reused ? await client.findFormat(assetId, 'ORIGINAL') : undefined) ??
        (await client.createFormat(assetId, { name: 'ORIGINAL', user_id: input.userId, storage_methods: [input.storageMethod] }));

      const fileSet =
        (reused ? (await client.listFileSets(assetId)).find((candidate) => candidate.format_id === format.id && candidate.storage_id === input.storageId && candidate.status !== 'DELETED') : undefined) ??
        (await client.createFileSet(assetId, { format_id: format.id, storage_id: input.storageId, name, base_dir: input.directoryPath, component_ids: [] }));

      const file =
        (reused ? (await client.listFiles(assetId)).find((candidate) => candidate.file_set_id === fileSet.id) : undefined) ??
        (await client.createFile(assetId, {
          original_name: name,
          directory_path: input.directoryPath,
          size: input.size,
          type: 'FILE',
          storage_id: input.storageId,
          file_set_id: fileSet.id,
          format_id: format.id,
          status: 'OPEN',
        }));

      const job =
        (reused ? (await client.listJobs({ objectId: assetId, type: 'TRANSFER' }))[0] : undefined) ??
        (await client.createJob({
          type: 'TRANSFER',
          status: 'STARTED',
          title: `Deliver ${name}`,
          object_type: 'assets',
          object_id: assetId,
          progress_processed: 0,
          progress_total: input.size,
        }));

      log.info({ assetId, fileId: file.id, jobId: job.id, reused }, 'file registered in Iconik');
      return { assetId, formatId: format.id, fileSetId: fileSet.id, fileId: file.id, jobId: job.id, metadataError };
    },

    /** Closes the file with its size and checksum, finishes its job and requests keyframes from Iconik. Returns the keyframe job id. */
    async completeFile(input: { deliveryId: string; integrationId: string; path: string; file: RegisteredFile; size: number; md5: string }): Promise<{ keyframeJobId: string | null }> {
      const client = await iconikFor(deps, input.integrationId);
      const { assetId, fileId, jobId } = input.file;
      await client.updateFile(assetId, fileId, { status: 'CLOSED', size: input.size, checksum: input.md5 });
      await client.updateJob(jobId, { status: 'FINISHED', progress_processed: input.size, progress_total: input.size });
      const keyframeJobId = await client.requestKeyframes(assetId, fileId);
      deps.logger.info({ deliveryId: input.deliveryId, path: input.path, assetId, fileId, keyframeJobId }, 'file delivered');
      return { keyframeJobId: keyframeJobId ?? null };
    },

    /** Marks the file's job FAILED with the reason, so Iconik's job list shows why. */
    async failFile(input: { deliveryId: string; integrationId: string; path: string; file: RegisteredFile; reason: string }): Promise<void> {
      const client = await iconikFor(deps, input.integrationId);
      await client.updateJob(input.file.jobId, { status: 'FAILED', error_message: input.reason.slice(0, 1000) });
      deps.logger.warn({ deliveryId: input.deliveryId, path: input.path, assetId: input.file.assetId, reason: input.reason }, 'file failed');
    },
  };
}

export type FileActivities = ReturnType<typeof createFileActivities>;
