/**
 * Something that keeps a mapped value from reaching Iconik. `formField` is
 * the portal form field (or built-in source) involved and `iconikField` the
 * Iconik field, each null when the problem concerns neither; `message` names
 * both and the fix.
 */
export interface MetadataProblem {
  formField: string | null;
  iconikField: string | null;
  message: string;
}
