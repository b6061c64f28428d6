import { CreateBucketCommand, DeleteObjectsCommand, HeadBucketCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import { expectedEtag, type GeneratedWorkload } from './workloads';

/** Outcome of comparing what arrived in the bucket with the generated files. */
export interface ObjectCheck {
  /** Objects found under the prefix. */
  objects: number;
  /** True when every file arrived once, with its size and ETag, and nothing else is under the prefix. */
  byteExact: boolean;
  /** The first few problems, each naming the key. */
  problems: string[];
}

/** Creates the bucket unless it exists. */
export async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
}

/** Lists every object under a prefix with its size and ETag (quotes removed). */
export async function listObjects(s3: S3Client, bucket: string, prefix: string): Promise<Map<string, { size: number; etag: string }>> {
  const objects = new Map<string, { size: number; etag: string }>();
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: prefix })) {
    for (const object of page.Contents ?? []) {
      objects.set(object.Key ?? '', { size: object.Size ?? -1, etag: (object.ETag ?? '').replaceAll('"', '') });
    }
  }
  return objects;
}

/**
 * Checks that each file of the workload is under `prefix` with the same size
 * and the ETag S3 computes from its bytes. A single PutObject's ETag is the
 * MD5 of the bytes, so it proves the content. A multipart ETag is the MD5 of
 * the part MD5s, which proves the content when the parts were cut at the
 * bench's part size, so a part count that differs from that plan is reported.
 */
export async function checkObjects(s3: S3Client, bucket: string, prefix: string, workload: GeneratedWorkload): Promise<ObjectCheck> {
  const found = await listObjects(s3, bucket, prefix);
  const problems: string[] = [];
  for (const file of workload.files) {
    const key = `${prefix}${file.path}`;
    const object = found.get(key);
    if (object === undefined) {
      problems.push(`${key}: missing`);
      continue;
    }
    if (object.size !== file.size) problems.push(`${key}: size ${object.size}, expected ${file.size}`);
    const multipart = /-(\d+)$/.exec(object.etag);
    const partCount = multipart === null ? undefined : Number(multipart[1]);
    if (partCount !== undefined && partCount !== file.partMd5s.length) {
      problems.push(`${key}: uploaded in ${partCount} parts, expected ${file.partMd5s.length} parts of the bench's part size, so the ETag cannot be checked`);
    } else if (object.etag !== expectedEtag(file, partCount)) {
      problems.push(`${key}: ETag ${object.etag}, expected ${expectedEtag(file, partCount)}`);
    }
  }
  const expectedKeys = new Set(workload.files.map((file) => `${prefix}${file.path}`));
  for (const key of found.keys()) if (!expectedKeys.has(key)) problems.push(`${key}: unexpected object`);
  return { objects: found.size, byteExact: problems.length === 0, problems: problems.slice(0, 5) };
}

/** Deletes every object under a prefix, 1,000 keys per request, so runs do not fill the disk. */
export async function deletePrefix(s3: S3Client, bucket: string, prefix: string): Promise<void> {
  const keys = [...(await listObjects(s3, bucket, prefix)).keys()];
  for (let start = 0; start < keys.length; start += 1000) {
    const batch = keys.slice(start, start + 1000).map((Key) => ({ Key }));
    await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: true } }));
  }
}
