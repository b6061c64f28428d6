/**
 * Failure types of the transfer activity that no retry can fix. The activity
 * turns each into a non-retryable ApplicationFailure of the same type name.
 */
export type TransferFailureType = 'UnsupportedStorageMethod' | 'SourceSizeMismatch' | 'SourceOutsideRoot' | 'InvalidSource' | 'FileTooLarge';

/** An input error of a transfer: retrying the same input fails the same way. */
export class TransferInputError extends Error {
  constructor(
    readonly type: TransferFailureType,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

/**
 * A storage server rejected a request after the retries. It names the step,
 * the part number and the status, never the signed URL.
 */
export class StorageRequestError extends Error {
  constructor(
    readonly step: string,
    readonly status: number | undefined,
    readonly code: string | undefined,
    detail: string,
  ) {
    super(`${step} failed: ${status === undefined ? 'the storage could not be reached' : `the storage returned ${status}${code === undefined ? '' : ` ${code}`}`}${detail === '' ? '' : ` (${detail})`}`);
    this.name = 'StorageRequestError';
  }
}
