import { checkMapping, metadataMappingSchema, type MetadataMapping } from '../../src/metadata';
import { schemaOf, view } from './support';

const mapping = (fields: MetadataMapping['fields'], unmapped: MetadataMapping['unmapped'] = { listInStatus: true }): MetadataMapping => ({
  viewId: view.id,
  fields: [{ source: { formField: 'Client', type: 'short_text' }, iconikField: 'client_name' }, ...fields],
  unmapped,
});

describe('checkMapping', () => {
  it('passes a sound mapping of every form type', () => {
    const sound = mapping(
      [
        { source: { formField: 'Title', type: 'short_text' }, iconikField: 'shoot_code' },
        { source: { formField: 'Brief', type: 'long_text' }, iconikField: 'notes' },
        { source: { formField: 'Files', type: 'number' }, iconikField: 'file_count' },
        { source: { formField: 'Shoot date', type: 'date' }, iconikField: 'delivery_date' },
        { source: { formField: 'Category', type: 'dropdown' }, iconikField: 'category' },
        { source: { formField: 'Tag', type: 'radio' }, iconikField: 'keywords' },
        { source: { formField: 'Approved', type: 'checkbox' }, iconikField: 'approved' },
        { source: { formField: 'Deliverables', type: 'checkbox', multiple: true }, iconikField: 'deliverables' },
        { source: { formField: 'Contact', type: 'email' }, iconikField: 'uploader_email' },
        { source: { formField: 'Link', type: 'url' }, iconikField: 'portal_url' },
        { source: { builtin: 'package_name' }, iconikField: 'package_name' },
    ]);
    expect(checkMapping(sound, schemaOf())).toEqual([]);
  });

  it('names every problem with its form field, Iconik field and fix', () => {
    const broken = mapping(
      [
        { source: { formField: 'Ghost', type: 'short_text' }, iconikField: 'no_such_field' },
        { source: { formField: 'Elsewhere', type: 'short_text' }, iconikField: 'outside_view' },
        { source: { formField: 'Ref', type: 'short_text' }, iconikField: 'asset_ref' },
        { source: { formField: 'Files', type: 'number' }, iconikField: 'approved' },
        { source: { formField: 'Deliverables', type: 'checkbox', multiple: true }, iconikField: 'category' },
        { source: { formField: 'Summary', type: 'long_text' }, iconikField: 'description' },
        { source: { builtin: 'sender_email' }, iconikField: 'file_count' },
      ],
      { catchAllField: 'file_count' },
    );
    const withoutClient = { ...broken, fields: broken.fields.slice(1) };

    expect(checkMapping(withoutClient, schemaOf())).toEqual([
      {
        formField: 'Ghost',
        iconikField: 'no_such_field',
        message: 'The form field "Ghost" is mapped to the Iconik field "no_such_field", which does not exist: check the field name (not its label) in Admin > Metadata > Fields, or create the field.',
      },
      {
        formField: 'Elsewhere',
        iconikField: 'outside_view',
        message: 'The form field "Elsewhere" is mapped to the Iconik field "outside_view", which is not in the view "Package form": add the field to the view in Admin > Metadata > Views, or map another field.',
      },
      {
        formField: 'Ref',
        iconikField: 'asset_ref',
        message: 'The form field "Ref" is mapped to the Iconik field "asset_ref", which is read-only: make it writable in Admin > Metadata > Fields, or map another field.',
      },
      {
        formField: 'Files',
        iconikField: 'approved',
        message: 'The form field "Files" is mapped to the Iconik field "approved", which is of type boolean and cannot hold a number value: map it to a field of type integer, float, string, string_exact, text.',
      },
      {
        formField: 'Deliverables',
        iconikField: 'category',
        message:
          'The form field "Deliverables" is mapped to the Iconik field "category", which takes one value but a checkbox group has a list: map it to a field with "multiple values" on (a drop_down or tag_cloud field).',
      },
      {
        formField: 'Summary',
        iconikField: 'description',
        message: 'The form field "Summary" is mapped to the Iconik field "description", which receives the asset description: map another field, or change the integration\'s description field.',
      },
      {
        formField: 'sender_email',
        iconikField: 'file_count',
        message: 'The built-in source sender_email is mapped to the Iconik field "file_count", which is of type integer and cannot hold an email value: map it to a field of type email, string, string_exact, text.',
      },
      {
        formField: null,
        iconikField: 'client_name',
        message:
          'The Iconik field "client_name" is required in the view "Package form" but no form field is mapped to it: map a form field or a built-in source to it, or make it optional in Admin > Metadata > Views.',
      },
      {
        formField: null,
        iconikField: 'file_count',
        message: 'The catch-all field "file_count" for unmapped form fields is of type integer, but it must hold one text value: name a single-value field of type text, string or string_exact.',
      },
    ]);
  });

  it('reports an unknown view alone', () => {
    expect(checkMapping(mapping([]), schemaOf({ view: undefined }))).toEqual([
      {
        formField: null,
        iconikField: null,
        message: `The Iconik metadata view ${view.id} does not exist: pick the id of an existing view in Admin > Metadata > Views, or create the view.`,
      },
    ]);
  });

  it.each([
    ['missing', 'missing_notes', 'does not exist: create a text field in Admin > Metadata > Fields, or name another one.'],
    ['outside the view', 'outside_view', 'is not in the view "Package form": add it to the view in Admin > Metadata > Views, or name another field.'],
    ['multi-value', 'keywords', 'is of type tag_cloud with multiple values, but it must hold one text value: name a single-value field of type text, string or string_exact.'],
  ])('rejects a catch-all field that is %s', (_case, field, reason) => {
    expect(checkMapping(mapping([], { catchAllField: field }), schemaOf())).toEqual([
      { formField: null, iconikField: field, message: `The catch-all field "${field}" for unmapped form fields ${reason}` },
    ]);
  });

  it('counts the description field as mapped only when the integration names it', () => {
    const requiredDescription = { ...view, view_fields: view.view_fields.map((field) => (field.name === 'description' ? { ...field, required: true } : field)) };
    expect(checkMapping(mapping([]), schemaOf({ view: requiredDescription }))).toEqual([]);
    expect(checkMapping(mapping([]), schemaOf({ view: requiredDescription, descriptionField: null })).map((problem) => problem.iconikField)).toEqual(['description']);
  });
});

describe('metadataMappingSchema', () => {
  it('defaults unmapped fields to the status', () => {
    expect(metadataMappingSchema.parse({ viewId: view.id, fields: [] })).toEqual({ viewId: view.id, fields: [], unmapped: { listInStatus: true } });
  });

  it('rejects repeated fields and sources, and multiple on a non-checkbox', () => {
    const result = metadataMappingSchema.safeParse({
      viewId: 'not-a-uuid',
      fields: [
        { source: { formField: 'A', type: 'short_text' }, iconikField: 'notes' },
        { source: { formField: 'A', type: 'short_text' }, iconikField: 'notes' },
        { source: { formField: 'B', type: 'dropdown', multiple: true }, iconikField: 'category' },
        { source: { formField: 'C', type: 'color' }, iconikField: 'x y' },
      ],
      unmapped: { catchAllField: 'notes' },
    });
    expect(result.success).toBe(false);
    const issues = result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(issues).toEqual([
      'viewId: must be the id of an Iconik metadata view, a UUID',
      'fields.2.source.multiple: multiple is only for type checkbox (a checkbox group)',
      'fields.3.source: must be { formField, type } or { builtin }',
      'fields.3.iconikField: must be an Iconik field name, without whitespace',
    ]);
  });

  it('rejects repeats and a catch-all field that a mapping writes', () => {
    const result = metadataMappingSchema.safeParse({
      viewId: view.id,
      fields: [
        { source: { formField: 'A', type: 'short_text' }, iconikField: 'notes' },
        { source: { formField: 'A', type: 'long_text' }, iconikField: 'notes' },
      ],
      unmapped: { catchAllField: 'notes' },
    });
    expect(result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([
      'fields.1.iconikField: repeats the Iconik field "notes" of fields.0',
      'fields.1.source: repeats the form field "A" of fields.0',
      'unmapped.catchAllField: is the Iconik field of fields.0: use a field no mapping writes',
    ]);
  });
});
