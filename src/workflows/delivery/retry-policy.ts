/**
 * Iconik errors that another attempt cannot fix: the request was invalid,
 * the credentials or a role are missing, or the object does not exist. The
 * Iconik client raises them as classes of these names, which Temporal
 * records as the failure type.
 */
export const nonRetryableIconikErrors = [
  'IconikBadRequestError',
  'IconikAuthenticationError',
  'IconikPermissionError',
  'IconikNotFoundError',
  'IconikResponseError',
];
