import { planParts, s3PartLimits } from '../../src/transfer';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const TiB = 1024 * GiB;

describe('planParts', () => {
  it.each([
    { size: 0, partSize: 8 * MiB, partCount: 1 },
    { size: 1, partSize: 8 * MiB, partCount: 1 },
    { size: 5 * MiB, partSize: 8 * MiB, partCount: 1 },
    { size: 100 * GiB, partSize: 11 * MiB, partCount: 9310 },
    { size: 5 * TiB, partSize: 525 * MiB, partCount: 9987 },
  ])('cuts $size bytes into $partCount parts', ({ size, partSize, partCount }) => {
    const plan = planParts(size, 8 * MiB);

    expect(plan).toEqual({ size, partSize, partCount });
    expect(plan.partCount).toBeLessThanOrEqual(s3PartLimits.maxParts);
    expect(plan.partSize).toBeGreaterThanOrEqual(s3PartLimits.minPartSize);
    expect(plan.partSize).toBeLessThanOrEqual(s3PartLimits.maxPartSize);
    expect(plan.partSize % MiB).toBe(0);
  });

  it('keeps a smaller preferred size above the S3 minimum', () => {
    expect(planParts(40 * MiB, 1 * MiB)).toEqual({ size: 40 * MiB, partSize: 5 * MiB, partCount: 8 });
  });

  it('rejects a file over the S3 maximum', () => {
    expect(() => planParts(10_000 * 5 * GiB + 1, 8 * MiB)).toThrow('exceeds the maximum of 53687091200000 bytes (10000 parts of 5368709120 bytes)');
  });

  it('rejects a negative size', () => {
    expect(() => planParts(-1, 8 * MiB)).toThrow('file size -1 is invalid');
  });
});
