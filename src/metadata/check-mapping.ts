import { incompatibility } from './compatibility';
import { textFieldTypes, type IconikFieldDefinition, type IconikViewDefinition } from './iconik-types';
import { describeSource, type MetadataMapping, type MappingSource } from './mapping';
import type { MetadataProblem } from './problems';

/** The Iconik definitions a mapping is checked against: its view (undefined when the id is unknown) and every metadata field by name. */
export interface IconikMetadataSchema {
  view: IconikViewDefinition | undefined;
  fields: Map<string, IconikFieldDefinition>;
  /** The integration's description field, which counts as mapped when it is in the view. */
  descriptionField: string | null;
}

const viewsHint = 'Admin > Metadata > Views';

/**
 * Checks a mapping against Iconik's view and fields and returns every
 * problem: an unknown view, mapped fields that are unknown, outside the
 * view, read-only or of a type that cannot hold the source, required view
 * fields without a mapping, and a catch-all field that cannot hold text.
 */
export function checkMapping(mapping: MetadataMapping, schema: IconikMetadataSchema): MetadataProblem[] {
  const { view, fields } = schema;
  if (view === undefined) {
    return [
      {
        formField: null,
        iconikField: null,
        message: `The Iconik metadata view ${mapping.viewId} does not exist: pick the id of an existing view in ${viewsHint}, or create the view.`,
      },
    ];
  }

  const problems: MetadataProblem[] = [];
  const inView = new Map(view.view_fields.map((viewField) => [viewField.name, viewField]));
  for (const entry of mapping.fields) {
    if (entry.iconikField === schema.descriptionField) {
      problems.push({
        formField: sourceName(entry.source),
        iconikField: entry.iconikField,
        message: `The ${describeSource(entry.source)} is mapped to the Iconik field "${entry.iconikField}", which receives the asset description: map another field, or change the integration's description field.`,
      });
      continue;
    }
    const problem = fieldProblem(entry.source, entry.iconikField, view, inView, fields);
    if (problem !== undefined) problems.push({ formField: sourceName(entry.source), iconikField: entry.iconikField, message: problem });
  }

  const mapped = new Set(mapping.fields.map((entry) => entry.iconikField));
  if (schema.descriptionField !== null) mapped.add(schema.descriptionField);
  for (const viewField of view.view_fields) {
    const required = viewField.required === true || fields.get(viewField.name)?.required === true;
    if (!required || mapped.has(viewField.name)) continue;
    problems.push({
      formField: null,
      iconikField: viewField.name,
      message: `The Iconik field "${viewField.name}" is required in the view "${view.name}" but no form field is mapped to it: map a form field or a built-in source to it, or make it optional in ${viewsHint}.`,
    });
  }

  if ('catchAllField' in mapping.unmapped) {
    const name = mapping.unmapped.catchAllField;
    const problem = catchAllProblem(name, view, inView, fields);
    if (problem !== undefined) problems.push({ formField: null, iconikField: name, message: problem });
  }
  return problems;
}

/** Returns the form field name of a source, or the built-in name. */
export function sourceName(source: MappingSource): string {
  return 'formField' in source ? source.formField : source.builtin;
}

function fieldProblem(
  source: MappingSource,
  name: string,
  view: IconikViewDefinition,
  inView: Map<string, IconikViewDefinition['view_fields'][number]>,
  fields: Map<string, IconikFieldDefinition>,
): string | undefined {
  const subject = `The ${describeSource(source)} is mapped to the Iconik field "${name}", which`;
  const field = fields.get(name);
  if (field === undefined) return `${subject} does not exist: check the field name (not its label) in Admin > Metadata > Fields, or create the field.`;
  if (!inView.has(name)) return `${subject} is not in the view "${view.name}": add the field to the view in ${viewsHint}, or map another field.`;
  if (inView.get(name)?.read_only === true || field.read_only === true) return `${subject} is read-only: make it writable in Admin > Metadata > Fields, or map another field.`;
  const incompatible = incompatibility(source, field);
  if (incompatible !== undefined) return `${subject} ${incompatible}.`;
  return undefined;
}

function catchAllProblem(
  name: string,
  view: IconikViewDefinition,
  inView: Map<string, IconikViewDefinition['view_fields'][number]>,
  fields: Map<string, IconikFieldDefinition>,
): string | undefined {
  const subject = `The catch-all field "${name}" for unmapped form fields`;
  const field = fields.get(name);
  if (field === undefined) return `${subject} does not exist: create a text field in Admin > Metadata > Fields, or name another one.`;
  if (!inView.has(name)) return `${subject} is not in the view "${view.name}": add it to the view in ${viewsHint}, or name another field.`;
  if (inView.get(name)?.read_only === true || field.read_only === true) return `${subject} is read-only: make it writable in Admin > Metadata > Fields, or name another field.`;
  if (!textFieldTypes.includes(field.field_type) || field.multi === true) {
    return `${subject} is of type ${field.field_type}${field.multi === true ? ' with multiple values' : ''}, but it must hold one text value: name a single-value field of type text, string or string_exact.`;
  }
  return undefined;
}
