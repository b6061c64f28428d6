const mebibyte = 1024 * 1024;

/** Part limits of one storage method's multipart upload. */
export interface PartLimits {
  minPartSize: number;
  maxPartSize: number;
  maxParts: number;
}

/** S3's multipart limits: parts of 5 MiB to 5 GiB (the last part may be smaller), at most 10,000 parts. */
export const s3PartLimits: PartLimits = { minPartSize: 5 * mebibyte, maxPartSize: 5 * 1024 * mebibyte, maxParts: 10_000 };

/** How a file of `size` bytes is cut into parts. */
export interface PartPlan {
  size: number;
  partSize: number;
  /** At least 1: an empty file is sent as one empty part. */
  partCount: number;
}

/**
 * Chooses the part size: `preferredPartSize`, or the smallest whole number of
 * MiB that fits the file into the method's maximum part count, whichever is
 * larger. Throws when the file is larger than the method allows.
 */
export function planParts(size: number, preferredPartSize: number, limits: PartLimits = s3PartLimits): PartPlan {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`file size ${size} is invalid: expected a whole number of bytes, 0 or more`);
  const maxSize = limits.maxPartSize * limits.maxParts;
  if (size > maxSize) {
    throw new RangeError(`file size ${size} bytes exceeds the maximum of ${maxSize} bytes (${limits.maxParts} parts of ${limits.maxPartSize} bytes)`);
  }
  const fitting = Math.ceil(Math.ceil(size / limits.maxParts) / mebibyte) * mebibyte;
  const partSize = Math.min(limits.maxPartSize, Math.max(preferredPartSize, limits.minPartSize, fitting));
  return { size, partSize, partCount: Math.max(1, Math.ceil(size / partSize)) };
}

/** Returns the byte range [start, end) of part `partNumber` (1-based). */
export function partRange(plan: PartPlan, partNumber: number): { start: number; end: number } {
  const start = (partNumber - 1) * plan.partSize;
  return { start, end: Math.min(plan.size, start + plan.partSize) };
}
