import type { Dispatcher } from 'undici';
import type { Logger } from '../logging/logger';
import { endpoints } from './endpoints';
import { IconikNotFoundError } from './errors';
import { defaultRetryPolicy, type RetryPolicy } from './retry';
import {
  anySchema,
  assetSchema,
  b2StartSchema,
  collectionSchema,
  contentSchema,
  cursorListSchema,
  fileSchema,
  fileSetSchema,
  formatSchema,
  jobSchema,
  keyframesSchema,
  listSchema,
  metadataFieldSchema,
  metadataViewSchema,
  multipartUrlSchema,
  partUrlsSchema,
  rolesSchema,
  storageSchema,
  userSchema,
  type IconikAsset,
  type IconikCollection,
  type IconikContent,
  type IconikFile,
  type IconikFileSet,
  type IconikFormat,
  type IconikJob,
  type IconikMetadataField,
  type IconikMetadataView,
  type IconikStorage,
  type IconikUser,
} from './schemas';
import { throttleForAppId, type Throttle } from './throttle';
import { IconikTransport } from './transport';

export interface IconikClientOptions {
  baseUrl: string;
  appId: string;
  authToken: string;
  logger: Logger;
  /** Requests per second for this App ID across the process; Iconik allows about 50. */
  requestsPerSecond?: number;
  retry?: RetryPolicy;
  throttle?: Throttle;
  dispatcher?: Dispatcher;
  signal?: AbortSignal;
}

export const defaultRequestsPerSecond = 40;

/** Typed access to the Iconik REST API subset that deliveries and integration checks use. */
export class IconikClient {
  private readonly transport: IconikTransport;

  constructor(options: IconikClientOptions) {
    this.transport = new IconikTransport({
      baseUrl: options.baseUrl,
      appId: options.appId,
      authToken: options.authToken,
      logger: options.logger,
      retry: options.retry ?? defaultRetryPolicy,
      throttle: options.throttle ?? throttleForAppId(options.appId, options.requestsPerSecond ?? defaultRequestsPerSecond),
      dispatcher: options.dispatcher,
      signal: options.signal,
    });
  }

  get host(): string {
    return this.transport.host;
  }

  async checkToken(): Promise<void> {
    await this.transport.send({ endpoint: endpoints.checkToken, schema: anySchema });
  }

  currentUser(): Promise<IconikUser> {
    return this.transport.send({ endpoint: endpoints.currentUser, schema: userSchema });
  }

  async currentUserRoles(): Promise<string[]> {
    const { objects } = await this.transport.send({ endpoint: endpoints.currentUserRoles, schema: rolesSchema });
    return objects;
  }

  /** Lists every storage, following pages of 100 (Iconik's maximum for this endpoint). */
  async listStorages(): Promise<IconikStorage[]> {
    const storages: IconikStorage[] = [];
    for (let page = 1; ; page++) {
      const answer = await this.transport.send({
        endpoint: endpoints.listStorages,
        query: { page, per_page: 100 },
        schema: listSchema(storageSchema),
      });
      storages.push(...answer.objects);
      const pages = answer.pages ?? page;
      if (page >= pages || answer.objects.length === 0) return storages;
    }
  }

  getStorage(storageId: string): Promise<IconikStorage> {
    return this.transport.send({ endpoint: endpoints.getStorage, params: { storage_id: storageId }, schema: storageSchema });
  }

  /** Lists every root collection, following pages. Reads the search index, so a collection made a moment ago may be missing. */
  async listRootCollections(): Promise<IconikCollection[]> {
    const collections: IconikCollection[] = [];
    for (let page = 1; ; page++) {
      const answer = await this.transport.send({
        endpoint: endpoints.listCollections,
        query: { is_root: 'true', page, per_page: 500 },
        schema: listSchema(collectionSchema),
      });
      collections.push(...answer.objects);
      if (page >= (answer.pages ?? page) || answer.objects.length === 0) return collections;
    }
  }

  createCollection(body: { title: string; parent_id?: string; external_id?: string }): Promise<IconikCollection> {
    return this.transport.send({ endpoint: endpoints.createCollection, body, schema: collectionSchema });
  }

  /**
   * Lists a collection's contents, following pages, optionally only one
   * object type or one external id. Reads the search index, so an object
   * added a moment ago may be missing.
   */
  async listCollectionContents(collectionId: string, filter: { objectTypes?: 'collections' | 'assets'; externalId?: string } = {}): Promise<IconikContent[]> {
    const contents: IconikContent[] = [];
    for (let page = 1; ; page++) {
      const answer = await this.transport.send({
        endpoint: endpoints.listCollectionContents,
        params: { collection_id: collectionId },
        query: { object_types: filter.objectTypes, external_id: filter.externalId, page, per_page: 500 },
        schema: listSchema(contentSchema),
      });
      contents.push(...answer.objects);
      if (page >= (answer.pages ?? page) || answer.objects.length === 0) return contents;
    }
  }

  async addCollectionContent(collectionId: string, object: { object_id: string; object_type: 'assets' | 'collections' }): Promise<void> {
    await this.transport.send({ endpoint: endpoints.addCollectionContent, params: { collection_id: collectionId }, body: object, schema: anySchema });
  }

  /**
   * Creates an asset; with `collection_id` it is placed in that collection by
   * the same call (`assign_to_collection=true`), so no crash can leave it
   * outside its collection.
   */
  createAsset(body: { title: string; type?: string; external_id?: string; collection_id?: string }): Promise<IconikAsset> {
    return this.transport.send({
      endpoint: endpoints.createAsset,
      query: { assign_to_collection: body.collection_id === undefined ? undefined : true },
      body: { type: 'ASSET', ...body },
      schema: assetSchema,
    });
  }

  /** Returns the asset's format with this name, or undefined when it has none. */
  async findFormat(assetId: string, name: string): Promise<IconikFormat | undefined> {
    try {
      return await this.transport.send({ endpoint: endpoints.getFormatByName, params: { asset_id: assetId, name }, schema: formatSchema });
    } catch (error) {
      if (error instanceof IconikNotFoundError) return undefined;
      throw error;
    }
  }

  listFileSets(assetId: string): Promise<IconikFileSet[]> {
    return this.followCursor((lastId) => this.transport.send({
      endpoint: endpoints.listFileSets,
      params: { asset_id: assetId },
      query: { per_page: 100, last_id: lastId },
      schema: cursorListSchema(fileSetSchema),
    }));
  }

  listFiles(assetId: string): Promise<IconikFile[]> {
    return this.followCursor((lastId) => this.transport.send({
      endpoint: endpoints.listFiles,
      params: { asset_id: assetId },
      query: { per_page: 100, last_id: lastId },
      schema: cursorListSchema(fileSchema),
    }));
  }

  /** Lists every metadata view, following pages. */
  async listMetadataViews(): Promise<IconikMetadataView[]> {
    const views: IconikMetadataView[] = [];
    for (let page = 1; ; page++) {
      const answer = await this.transport.send({ endpoint: endpoints.listMetadataViews, query: { page, per_page: 100 }, schema: listSchema(metadataViewSchema) });
      views.push(...answer.objects);
      if (page >= (answer.pages ?? page) || answer.objects.length === 0) return views;
    }
  }

  /** Reads one metadata view with its fields, or returns undefined when no view has this id. */
  async getMetadataView(viewId: string): Promise<IconikMetadataView | undefined> {
    try {
      return await this.transport.send({ endpoint: endpoints.getMetadataView, params: { view_id: viewId }, schema: metadataViewSchema });
    } catch (error) {
      if (error instanceof IconikNotFoundError) return undefined;
      throw error;
    }
  }

  /** Lists every metadata field, following Iconik's pages by field name. */
  async listMetadataFields(): Promise<IconikMetadataField[]> {
    const fields: IconikMetadataField[] = [];
    let lastFieldName: string | undefined;
    for (;;) {
      const answer = await this.transport.send({
        endpoint: endpoints.listMetadataFields,
        query: { per_page: 500, last_field_name: lastFieldName },
        schema: listSchema(metadataFieldSchema),
      });
      fields.push(...answer.objects);
      lastFieldName = answer.objects.at(-1)?.name;
      if (!answer.next_url || lastFieldName === undefined) return fields;
    }
  }

  /**
   * Writes a `metadata_values` body on an asset or a collection through a
   * view. A PUT that overwrites the fields it names, so writing the same
   * values again changes nothing.
   */
  async putMetadataValues(objectType: 'assets' | 'collections', objectId: string, viewId: string, metadataValues: Record<string, { field_values: { value: string | number | boolean }[] }>): Promise<void> {
    await this.transport.send({
      endpoint: endpoints.putAssetMetadata,
      params: { object_type: objectType, object_id: objectId, view_id: viewId },
      body: { metadata_values: metadataValues },
      schema: anySchema,
    });
  }

  /** Writes metadata values of an asset through a view; a PUT, so writing the same values again changes nothing. */
  async putAssetMetadata(assetId: string, viewId: string, values: Record<string, string[]>): Promise<void> {
    const metadata_values = Object.fromEntries(Object.entries(values).map(([field, list]) => [field, { field_values: list.map((value) => ({ value })) }]));
    await this.transport.send({
      endpoint: endpoints.putAssetMetadata,
      params: { object_type: 'assets', object_id: assetId, view_id: viewId },
      body: { metadata_values },
      schema: anySchema,
    });
  }

  /** Lists the jobs about one object, optionally of one type (at most 100, Iconik's page limit for jobs). */
  async listJobs(filter: { objectId: string; type?: string }): Promise<IconikJob[]> {
    const answer = await this.transport.send({
      endpoint: endpoints.listJobs,
      query: { object_id: filter.objectId, type: filter.type, per_page: 100 },
      schema: listSchema(jobSchema),
    });
    return answer.objects;
  }

  private async followCursor<T extends { id: string }>(fetchPage: (lastId: string | undefined) => Promise<{ objects: T[]; next_url?: string | null }>): Promise<T[]> {
    const all: T[] = [];
    let lastId: string | undefined;
    for (;;) {
      const page = await fetchPage(lastId);
      all.push(...page.objects);
      lastId = page.objects.at(-1)?.id;
      if (!page.next_url || lastId === undefined) return all;
    }
  }

  async deleteAsset(assetId: string): Promise<void> {
    await this.transport.send({ endpoint: endpoints.deleteAsset, params: { asset_id: assetId }, schema: anySchema });
  }

  async purgeAsset(assetId: string): Promise<void> {
    await this.transport.send({ endpoint: endpoints.purgeAsset, params: { asset_id: assetId }, schema: anySchema });
  }

  createFormat(assetId: string, body: { name: string; user_id?: string; storage_methods?: string[]; metadata?: Record<string, string>[] }): Promise<IconikFormat> {
    return this.transport.send({ endpoint: endpoints.createFormat, params: { asset_id: assetId }, body, schema: formatSchema });
  }

  createFileSet(assetId: string, body: { format_id: string; storage_id: string; name: string; base_dir: string; component_ids: string[] }): Promise<IconikFileSet> {
    return this.transport.send({ endpoint: endpoints.createFileSet, params: { asset_id: assetId }, body, schema: fileSetSchema });
  }

  async deleteFileSet(assetId: string, fileSetId: string, options: { immediately?: boolean } = {}): Promise<void> {
    await this.transport.send({
      endpoint: endpoints.deleteFileSet,
      params: { asset_id: assetId, file_set_id: fileSetId },
      query: { immediately: options.immediately },
      schema: anySchema,
    });
  }

  createFile(
    assetId: string,
    body: {
      original_name: string;
      directory_path: string;
      size: number;
      type: 'FILE';
      storage_id: string;
      file_set_id: string;
      format_id: string;
      status?: 'OPEN';
    },
  ): Promise<IconikFile> {
    return this.transport.send({ endpoint: endpoints.createFile, params: { asset_id: assetId }, body, schema: fileSchema });
  }

  /** Reads a file record; with `freshUploadTarget` Iconik issues a new upload URL, for example after the old one expired. */
  getFile(assetId: string, fileId: string, options: { freshUploadTarget?: boolean } = {}): Promise<IconikFile> {
    return this.transport.send({
      endpoint: endpoints.getFile,
      params: { asset_id: assetId, file_id: fileId },
      query: { generate_signed_post_url: options.freshUploadTarget ? true : undefined },
      schema: fileSchema,
    });
  }

  updateFile(assetId: string, fileId: string, body: { status?: string; size?: number; checksum?: string }): Promise<IconikFile> {
    return this.transport.send({ endpoint: endpoints.updateFile, params: { asset_id: assetId, file_id: fileId }, body, schema: fileSchema });
  }

  /** Returns presigned UploadPart URLs for parts 1 to `partCount`, one page of at most `perPage` at a time. */
  async s3PartUrls(assetId: string, fileId: string, uploadId: string, partCount: number, page = 1, perPage = 100): Promise<{ number: number; url: string }[]> {
    const { objects } = await this.transport.send({
      endpoint: endpoints.s3PartUrls,
      params: { asset_id: assetId, file_id: fileId },
      query: { upload_id: uploadId, parts_num: partCount, page, per_page: perPage },
      schema: partUrlsSchema,
    });
    return objects;
  }

  async s3CompleteUrl(assetId: string, fileId: string, uploadId: string): Promise<string> {
    const answer = await this.transport.send({
      endpoint: endpoints.s3MultipartUrl,
      params: { asset_id: assetId, file_id: fileId },
      query: { upload_id: uploadId, type: 'complete_url' },
      schema: multipartUrlSchema,
    });
    if (!answer.complete_url) throw new Error(`Iconik returned no complete_url for file ${fileId}`);
    return answer.complete_url;
  }

  /**
   * Starts a B2 large file, or, given the `upload_file_id` of a started one,
   * requests a fresh part upload URL and token for it. Iconik's request schema
   * accepts that field but does not document what it does, so callers check
   * the id in the response.
   */
  b2StartLargeFile(assetId: string, fileId: string, uploadFileId?: string): Promise<{ upload_file_id: string; upload_url: string; authorization_token: string }> {
    const body = uploadFileId === undefined ? {} : { upload_file_id: uploadFileId };
    return this.transport.send({ endpoint: endpoints.b2Start, params: { asset_id: assetId, file_id: fileId }, body, schema: b2StartSchema });
  }

  /** Cancels a B2 large file, so B2 deletes the parts stored for it. */
  async b2CancelLargeFile(assetId: string, fileId: string, uploadFileId: string): Promise<void> {
    await this.transport.send({ endpoint: endpoints.b2Cancel, params: { asset_id: assetId, file_id: fileId }, body: { upload_file_id: uploadFileId }, schema: anySchema });
  }

  async b2FinishLargeFile(assetId: string, fileId: string, uploadFileId: string, sha1List: string[]): Promise<void> {
    await this.transport.send({
      endpoint: endpoints.b2Finish,
      params: { asset_id: assetId, file_id: fileId },
      body: { upload_file_id: uploadFileId, sha1_list: sha1List },
      schema: anySchema,
    });
  }

  /** Asks Iconik for keyframes of a closed file; returns the transcode job id, or undefined when the storage skips the file. */
  async requestKeyframes(assetId: string, fileId: string): Promise<string | undefined> {
    const answer = await this.transport.send({ endpoint: endpoints.requestKeyframes, params: { asset_id: assetId, file_id: fileId }, body: {}, schema: keyframesSchema });
    return answer.job_id ?? undefined;
  }

  createJob(body: {
    type: string;
    status: string;
    title: string;
    object_type?: string;
    object_id?: string;
    parent_id?: string;
    progress_processed?: number;
    progress_total?: number;
  }): Promise<IconikJob> {
    return this.transport.send({ endpoint: endpoints.createJob, body, schema: jobSchema });
  }

  updateJob(jobId: string, body: { status?: string; progress_processed?: number; progress_total?: number; message?: string; error_message?: string }): Promise<IconikJob> {
    return this.transport.send({ endpoint: endpoints.updateJob, params: { job_id: jobId }, body, schema: jobSchema });
  }
}
