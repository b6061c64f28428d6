export { createTransferActivities, type TransferActivities } from './activity';
export { MemoryBudget } from './memory-budget';
export { PartBufferPool } from './part-buffer-pool';
export { planParts, s3PartLimits, type PartLimits, type PartPlan } from './part-plan';
export { createFileSourceReader, createHttpSourceReader, createS3SourceReader, createSourceOpener, type SourceOpener } from './sources';
export type { TransferDependencies, TransferInput, TransferResult } from './types';
