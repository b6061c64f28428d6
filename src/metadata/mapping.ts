import { z } from 'zod';

/** Types of the fields an uploader fills in on a portal form. */
export const formFieldTypes = ['short_text', 'long_text', 'number', 'date', 'dropdown', 'radio', 'checkbox', 'email', 'url'] as const;
export type FormFieldType = (typeof formFieldTypes)[number];

/** Package facts that a mapping can write besides form fields. */
export const builtinSources = ['package_name', 'package_description', 'sender_email'] as const;
export type BuiltinSource = (typeof builtinSources)[number];

// Iconik metadata field names carry no whitespace; their case varies by system.
const iconikFieldName = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .regex(/^\S+$/, 'must be an Iconik field name, without whitespace');

const formFieldName = z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

const formFieldSource = z
  .strictObject({
    formField: formFieldName.describe('Name of the field on the portal form, as the package metadata carries it'),
    type: z.enum(formFieldTypes, { error: `must be one of ${formFieldTypes.join(', ')}` }),
    multiple: z.boolean({ error: 'must be true or false' }).optional().describe('A checkbox group whose value is a list; only for type checkbox'),
  })
  .refine((source) => source.multiple !== true || source.type === 'checkbox', { message: 'multiple is only for type checkbox (a checkbox group)', path: ['multiple'] });

const builtinSource = z.strictObject({
  builtin: z.enum(builtinSources, { error: `must be one of ${builtinSources.join(', ')}` }),
});

export const fieldMappingSchema = z.strictObject({
  source: z.union([formFieldSource, builtinSource], { error: 'must be { formField, type } or { builtin }' }),
  iconikField: iconikFieldName.describe('Name (not label) of the Iconik metadata field that receives the value'),
});

const unmappedSchema = z.union(
  [
    z.strictObject({ catchAllField: iconikFieldName.describe('Iconik text field that receives every unmapped form field as "Name: value" lines') }),
    z.strictObject({ listInStatus: z.literal(true).describe('List unmapped form fields in the delivery status instead') }),
  ],
  { error: 'must be { catchAllField } or { listInStatus: true }' },
);

/**
 * The mapping of an integration's package metadata into Iconik: the view
 * whose fields receive the values, one entry per mapped source, and the
 * destination of form fields without a mapping.
 */
export const metadataMappingSchema = z
  .strictObject({
    viewId: z.string({ error: 'must be a string' }).trim().pipe(z.guid('must be the id of an Iconik metadata view, a UUID')),
    fields: z.array(fieldMappingSchema, { error: 'must be a list' }).max(200, 'must have at most 200 entries'),
    unmapped: unmappedSchema.default({ listInStatus: true }),
  })
  .superRefine((mapping, ctx) => {
    const fieldsSeen = new Map<string, number>();
    const sourcesSeen = new Map<string, number>();
    mapping.fields.forEach((entry, index) => {
      const field = entry.iconikField;
      const firstField = fieldsSeen.get(field);
      if (firstField !== undefined) ctx.addIssue({ code: 'custom', path: ['fields', index, 'iconikField'], message: `repeats the Iconik field "${field}" of fields.${firstField}` });
      else fieldsSeen.set(field, index);

      const source = 'formField' in entry.source ? `form field "${entry.source.formField}"` : `built-in ${entry.source.builtin}`;
      const firstSource = sourcesSeen.get(source);
      if (firstSource !== undefined) ctx.addIssue({ code: 'custom', path: ['fields', index, 'source'], message: `repeats the ${source} of fields.${firstSource}` });
      else sourcesSeen.set(source, index);
    });
    if ('catchAllField' in mapping.unmapped && fieldsSeen.has(mapping.unmapped.catchAllField)) {
      ctx.addIssue({ code: 'custom', path: ['unmapped', 'catchAllField'], message: `is the Iconik field of fields.${fieldsSeen.get(mapping.unmapped.catchAllField)}: use a field no mapping writes` });
    }
  })
  .meta({ title: 'Metadata mapping' });

export type MetadataMapping = z.output<typeof metadataMappingSchema>;
export type FieldMapping = MetadataMapping['fields'][number];
export type MappingSource = FieldMapping['source'];

/** Returns how a problem message names a mapping's source, for example `form field "Shoot date"`. */
export function describeSource(source: MappingSource): string {
  return 'formField' in source ? `form field "${source.formField}"` : `built-in source ${source.builtin}`;
}
