/** One input field that failed validation, and the rule it broke. */
export interface PackageIssue {
  /** Dotted path of the field in the package, for example `files.12.path`. */
  field: string;
  /** The rule, with the rejected value when that value can carry no secret. */
  message: string;
}

/** A package that the store rejected before touching the database. */
export class PackageValidationError extends Error {
  constructor(readonly issues: PackageIssue[]) {
    super(`Invalid package: ${issues.map((issue) => `${issue.field} ${issue.message}`).join('; ')}`);
    this.name = 'PackageValidationError';
  }
}

/** A package id that is already stored with different content; the store never merges the two. */
export class PackageConflictError extends Error {
  constructor(
    readonly packageId: string,
    /** Top-level fields whose stored value differs from the new one, or `files or folders` when only the tree does. */
    readonly differentFields: string[],
  ) {
    super(
      `Package ${packageId} is already stored with different content (${differentFields.join(', ')} differ): ` +
        'a repeated event must carry the same body, so send a changed package under a new package id.',
    );
    this.name = 'PackageConflictError';
  }
}

export class PackageNotFoundError extends Error {
  constructor(readonly packageId: string) {
    super(`Package ${packageId} not found: a package is stored when its webhook arrives, so check the id the transfer service sent.`);
    this.name = 'PackageNotFoundError';
  }
}
