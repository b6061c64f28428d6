import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/** The calls of fake-gcs-server's JSON API (the same paths as GCS's JSON API) that the GCS backend uses. */
export interface FakeGcsApi {
  createBucket(bucket: string): Promise<'created' | 'exists'>;
  getObject(bucket: string, key: string): Promise<{ size: number } | undefined>;
  downloadUrl(bucket: string, key: string): string;
  download(bucket: string, key: string): Promise<Readable>;
  deleteObject(bucket: string, key: string): Promise<void>;
  listPage(bucket: string, prefix: string, pageToken: string | undefined): Promise<{ items: { key: string; size: number }[]; nextPageToken?: string }>;
  /** Starts a resumable upload session on fake-gcs-server and returns its session URL. */
  startResumable(bucket: string, key: string): Promise<{ status: 'started'; sessionUrl: string } | { status: 'no_bucket' }>;
}

interface ObjectResource {
  name: string;
  size: string;
}

/** Creates the client for fake-gcs-server at `endpoint` (plain HTTP, no authentication). */
export function createFakeGcsApi(endpoint: string): FakeGcsApi {
  const base = endpoint.replace(/\/+$/, '');
  const objectPath = (bucket: string, key: string): string => `/b/${encodeURIComponent(bucket)}/o/${encodeURIComponent(key)}`;

  const request = async (method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(base + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const fail = async (action: string, response: Response): Promise<never> => {
    const text = await response.text();
    throw new Error(`fake-gcs-server ${action} failed with HTTP ${response.status}: ${text.slice(0, 300)}`);
  };

  return {
    async createBucket(bucket) {
      const response = await request('POST', '/storage/v1/b', { name: bucket });
      if (response.ok) return 'created';
      if (response.status === 409) return 'exists';
      return fail(`creating bucket ${bucket}`, response);
    },

    async getObject(bucket, key) {
      const response = await request('GET', `/storage/v1${objectPath(bucket, key)}`);
      if (response.status === 404) return undefined;
      if (!response.ok) return fail(`reading metadata of ${bucket}/${key}`, response);
      const resource = (await response.json()) as ObjectResource;
      return { size: Number(resource.size) };
    },

    downloadUrl(bucket, key) {
      return `${base}/download/storage/v1${objectPath(bucket, key)}?alt=media`;
    },

    async download(bucket, key) {
      const response = await fetch(this.downloadUrl(bucket, key));
      if (!response.ok || response.body === null) return fail(`downloading ${bucket}/${key}`, response);
      return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    },

    async deleteObject(bucket, key) {
      const response = await request('DELETE', `/storage/v1${objectPath(bucket, key)}`);
      if (!response.ok && response.status !== 404) await fail(`deleting ${bucket}/${key}`, response);
      await response.body?.cancel();
    },

    async listPage(bucket, prefix, pageToken) {
      const query = new URLSearchParams({ prefix, maxResults: '1000' });
      if (pageToken !== undefined) query.set('pageToken', pageToken);
      const response = await request('GET', `/storage/v1/b/${encodeURIComponent(bucket)}/o?${query.toString()}`);
      if (!response.ok) return fail(`listing ${bucket} under "${prefix}"`, response);
      const page = (await response.json()) as { items?: ObjectResource[]; nextPageToken?: string };
      const items = (page.items ?? []).map((item) => ({ key: item.name, size: Number(item.size) }));
      return page.nextPageToken === undefined || page.nextPageToken === '' ? { items } : { items, nextPageToken: page.nextPageToken };
    },

    async startResumable(bucket, key) {
      const query = new URLSearchParams({ uploadType: 'resumable', name: key });
      const response = await fetch(`${base}/upload/storage/v1/b/${encodeURIComponent(bucket)}/o?${query.toString()}`, {
        method: 'POST',
        headers: { 'content-length': '0' },
      });
      await response.body?.cancel();
      if (response.status === 404) return { status: 'no_bucket' };
      const sessionUrl = response.headers.get('location');
      if (!response.ok || sessionUrl === null) return fail(`starting a resumable upload of ${bucket}/${key}`, response);
      return { status: 'started', sessionUrl };
    },
  };
}
