/**
 * The parts of Iconik's metadata field and view definitions that the mapping
 * rules read, as `GET metadata/v1/fields/` and `GET metadata/v1/views/{id}/`
 * return them.
 */
export interface IconikFieldDefinition {
  name: string;
  label?: string | null;
  /** string, string_exact, text, integer, float, boolean, date, datetime, drop_down, email, tag_cloud or url. */
  field_type: string;
  multi?: boolean | null;
  required?: boolean | null;
  read_only?: boolean | null;
  options?: { label?: string | null; value: string }[] | null;
  min_value?: number | null;
  max_value?: number | null;
}

export interface IconikViewDefinition {
  id: string;
  name: string;
  view_fields: { name: string; required?: boolean | null; read_only?: boolean | null }[];
}

/** One metadata field's entry in the `metadata_values` body of a PUT through a view. */
export interface FieldValues {
  field_values: { value: string | number | boolean }[];
}

/** The `metadata_values` object of `PUT metadata/v1/{assets|collections}/{id}/views/{view_id}/`, by field name. */
export type MetadataValues = Record<string, FieldValues>;

/** Field types whose values are free text. */
export const textFieldTypes = ['string', 'string_exact', 'text'];
