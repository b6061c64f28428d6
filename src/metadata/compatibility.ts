import type { FormFieldType, MappingSource } from './mapping';
import type { IconikFieldDefinition } from './iconik-types';

// Iconik field types that can hold each portal form type. Text fields take
// any value as written; typed fields take the value after conversion.
// A drop_down target accepts only values that match one of its options,
// which the conversion checks value by value.
const compatibleTypes: Record<FormFieldType, string[]> = {
  short_text: ['string', 'string_exact', 'text', 'tag_cloud', 'drop_down'],
  long_text: ['string', 'string_exact', 'text', 'tag_cloud', 'drop_down'],
  number: ['integer', 'float', 'string', 'string_exact', 'text'],
  date: ['date', 'datetime', 'string', 'string_exact', 'text'],
  dropdown: ['drop_down', 'string', 'string_exact', 'text', 'tag_cloud'],
  radio: ['drop_down', 'string', 'string_exact', 'text', 'tag_cloud'],
  checkbox: ['boolean'],
  email: ['email', 'string', 'string_exact', 'text'],
  url: ['url', 'string', 'string_exact', 'text'],
};

// A checkbox group's list of ticked choices goes to a multi-value field of choices or tags.
const checkboxGroupTypes = ['drop_down', 'tag_cloud'];

const builtinTypes: Record<string, FormFieldType> = {
  package_name: 'short_text',
  package_description: 'long_text',
  sender_email: 'email',
};

/** Returns the form type a source's values have: built-in sources count as the form type of their text. */
export function formTypeOf(source: MappingSource): FormFieldType {
  if ('formField' in source) return source.type;
  return builtinTypes[source.builtin] ?? 'long_text';
}

/** Returns whether a source carries a list of values (a checkbox group). */
export function isMultiValued(source: MappingSource): boolean {
  return 'formField' in source && source.type === 'checkbox' && source.multiple === true;
}

/** Returns the Iconik field types that can hold a source's values. */
export function fieldTypesFor(source: MappingSource): string[] {
  if (isMultiValued(source)) return checkboxGroupTypes;
  return compatibleTypes[formTypeOf(source)];
}

/** Returns why the Iconik field cannot hold the source's values, or undefined when it can. */
export function incompatibility(source: MappingSource, field: IconikFieldDefinition): string | undefined {
  const allowed = fieldTypesFor(source);
  const formType = formTypeOf(source);
  const what = isMultiValued(source) ? 'a checkbox group' : `${/^[aeiou]/.test(formType) ? 'an' : 'a'} ${formType} value`;
  if (!allowed.includes(field.field_type)) {
    return `is of type ${field.field_type} and cannot hold ${what}: map it to a field of type ${allowed.join(', ')}`;
  }
  if (isMultiValued(source) && field.multi !== true) {
    return `takes one value but a checkbox group has a list: map it to a field with "multiple values" on (a ${allowed.join(' or ')} field)`;
  }
  return undefined;
}
