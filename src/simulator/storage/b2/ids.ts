import { randomBytes } from 'node:crypto';

/** Creates a file id in the shape B2 uses, for example 4_z6c6f63616c2d62_f1a2b3c4d5e6f708090a0b0c. */
export function newB2FileId(bucket: string): string {
  return `4_z${Buffer.from(bucket).toString('hex').slice(0, 24)}_f${randomBytes(12).toString('hex')}`;
}
