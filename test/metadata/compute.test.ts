import { computeMetadata, type MetadataMapping, type PackageFacts } from '../../src/metadata';
import { schemaOf, view } from './support';

const pkg = (metadata: PackageFacts['metadata'], overrides: Partial<PackageFacts> = {}): PackageFacts => ({
  name: 'Spring rushes',
  description: 'Day one of the spring shoot',
  senderEmail: 'ana@example.com',
  metadata,
  ...overrides,
});

const mapping: MetadataMapping = {
  viewId: view.id,
  fields: [
    { source: { formField: 'Client', type: 'short_text' }, iconikField: 'client_name' },
    { source: { formField: 'Files', type: 'number' }, iconikField: 'file_count' },
    { source: { formField: 'Length', type: 'number' }, iconikField: 'duration_seconds' },
    { source: { formField: 'Approved', type: 'checkbox' }, iconikField: 'approved' },
    { source: { formField: 'Shoot date', type: 'date' }, iconikField: 'delivery_date' },
    { source: { formField: 'Received', type: 'date' }, iconikField: 'received_at' },
    { source: { formField: 'Category', type: 'dropdown' }, iconikField: 'category' },
    { source: { formField: 'Deliverables', type: 'checkbox', multiple: true }, iconikField: 'deliverables' },
    { source: { formField: 'Tags', type: 'checkbox', multiple: true }, iconikField: 'keywords' },
    { source: { formField: 'Link', type: 'url' }, iconikField: 'portal_url' },
    { source: { formField: 'Code', type: 'short_text' }, iconikField: 'shoot_code' },
    { source: { builtin: 'package_name' }, iconikField: 'package_name' },
    { source: { builtin: 'sender_email' }, iconikField: 'uploader_email' },
    { source: { builtin: 'package_description' }, iconikField: 'notes' },
  ],
  unmapped: { listInStatus: true },
};

const fullForm = {
  Client: 'Acme',
  Files: '12',
  Length: '93.5',
  Approved: 'yes',
  'Shoot date': '2024-03-31T09:00:00+02:00',
  Received: '2024-04-01 08:15',
  Category: 'Raw footage',
  Deliverables: ['Master', 'proxy'],
  Tags: ['night', 'exterior'],
  Link: 'https://portal.example.com/p/1',
  Code: 'SC-001',
  Budget: '1200',
  Crew: ['Ana', 'Ben'],
};

describe('computeMetadata', () => {
  it('converts every form type into one metadata_values body', () => {
    const result = computeMetadata({ mapping, schema: schemaOf(), package: pkg(fullForm), descriptionText: 'Package: Spring rushes' });

    expect(result.problems).toEqual([]);
    expect(result.writable).toBe(true);
    expect(result.includesDescription).toBe(true);
    expect(result.values).toEqual({
      client_name: { field_values: [{ value: 'Acme' }] },
      file_count: { field_values: [{ value: 12 }] },
      duration_seconds: { field_values: [{ value: 93.5 }] },
      approved: { field_values: [{ value: true }] },
      delivery_date: { field_values: [{ value: '2024-03-31' }] },
      received_at: { field_values: [{ value: '2024-04-01T08:15:00.000Z' }] },
      category: { field_values: [{ value: 'raw' }] },
      deliverables: { field_values: [{ value: 'master' }, { value: 'proxy' }] },
      keywords: { field_values: [{ value: 'night' }, { value: 'exterior' }] },
      portal_url: { field_values: [{ value: 'https://portal.example.com/p/1' }] },
      shoot_code: { field_values: [{ value: 'SC-001' }] },
      package_name: { field_values: [{ value: 'Spring rushes' }] },
      uploader_email: { field_values: [{ value: 'ana@example.com' }] },
      notes: { field_values: [{ value: 'Day one of the spring shoot' }] },
      description: { field_values: [{ value: 'Package: Spring rushes' }] },
    });
    expect(result.unmapped).toEqual({ lines: ['Budget: 1200', 'Crew: Ana, Ben'], destination: { listInStatus: true } });
    expect(result.fields.find((field) => field.iconikField === 'deliverables')).toEqual({
      source: 'Deliverables',
      iconikField: 'deliverables',
      input: ['Master', 'proxy'],
      values: ['master', 'proxy'],
    });
  });

  it('writes unmapped fields to the catch-all field as lines', () => {
    const withCatchAll: MetadataMapping = { ...mapping, fields: mapping.fields.filter((entry) => entry.iconikField !== 'notes'), unmapped: { catchAllField: 'notes' } };
    const result = computeMetadata({ mapping: withCatchAll, schema: schemaOf(), package: pkg(fullForm), descriptionText: null });

    expect(result.values.notes).toEqual({ field_values: [{ value: 'Budget: 1200\nCrew: Ana, Ben' }] });
    expect(result.unmapped).toEqual({ lines: ['Budget: 1200', 'Crew: Ana, Ben'], destination: { catchAllField: 'notes' } });
    expect(result.values.description).toBeUndefined();
    expect(result.includesDescription).toBe(false);
  });

  it('reports values that cannot be converted and keeps the others', () => {
    const result = computeMetadata({
      mapping,
      schema: schemaOf(),
      package: pkg({ ...fullForm, Files: 'twelve', Category: 'Rough cut', Deliverables: ['Master', 'Stills'], Code: ['a', 'b'] }),
      descriptionText: null,
    });

    expect(result.problems).toEqual([
      {
        formField: 'Files',
        iconikField: 'file_count',
        message: 'The value "twelve" of form field "Files" is not a whole number, so it is not written to the Iconik field "file_count" (integer): correct the value on the portal form, or map the form field to a text field.',
      },
      {
        formField: 'Category',
        iconikField: 'category',
        message:
          'The value "Rough cut" of form field "Category" is not an option of Iconik field category (options: raw, edit, final), so it is not written to the Iconik field "category" (drop_down): correct the value on the portal form, or map the form field to a text field.',
      },
      {
        formField: 'Deliverables',
        iconikField: 'deliverables',
        message:
          'The value "Stills" of form field "Deliverables" is not an option of Iconik field deliverables (options: master, proxy), so it is not written to the Iconik field "deliverables" (drop_down): correct the value on the portal form, or map the form field to a text field.',
      },
      {
        formField: 'Code',
        iconikField: 'shoot_code',
        message: 'The form field "Code" has 2 values but the Iconik field "shoot_code" takes one, so it is not written: turn on "multiple values" for the field, or map a field that has it.',
      },
    ]);
    expect(result.writable).toBe(true);
    expect(result.values.file_count).toBeUndefined();
    expect(result.values.category).toBeUndefined();
    expect(result.values.shoot_code).toBeUndefined();
    expect(result.values.deliverables).toEqual({ field_values: [{ value: 'master' }] });
    expect(result.values.approved).toEqual({ field_values: [{ value: true }] });
    expect(Object.keys(result.values)).toHaveLength(11);
  });

  it('writes nothing when a required field has no value', () => {
    const { Client: _client, ...withoutClient } = fullForm;
    const result = computeMetadata({ mapping, schema: schemaOf(), package: pkg(withoutClient), descriptionText: null });

    expect(result.writable).toBe(false);
    expect(result.values).toEqual({});
    expect(result.problems).toEqual([
      {
        formField: null,
        iconikField: 'client_name',
        message:
          'No metadata was written through the view "Package form": its required field "client_name" has no value for this package, and Iconik rejects a write without them. Map a form field the portal always fills in, or make the field optional in Admin > Metadata > Views.',
      },
    ]);
  });

  it('skips empty values and a missing description', () => {
    const result = computeMetadata({ mapping, schema: schemaOf(), package: pkg({ Client: 'Acme', Files: '  ', Tags: [] }, { description: null }), descriptionText: null });

    expect(result.problems).toEqual([]);
    expect(Object.keys(result.values).sort()).toEqual(['client_name', 'package_name', 'uploader_email']);
    expect(result.fields.find((field) => field.iconikField === 'notes')).toEqual({ source: 'package_description', iconikField: 'notes', input: null, values: [] });
  });

  it('leaves out mappings with problems and writes the sound ones', () => {
    const broken: MetadataMapping = { ...mapping, fields: [...mapping.fields, { source: { formField: 'Budget', type: 'number' }, iconikField: 'outside_view' }] };
    const result = computeMetadata({ mapping: broken, schema: schemaOf(), package: pkg(fullForm), descriptionText: null });

    expect(result.problems.map((problem) => problem.iconikField)).toEqual(['outside_view']);
    expect(result.values.outside_view).toBeUndefined();
    expect(result.writable).toBe(true);
    expect(result.unmapped.lines).toEqual(['Crew: Ana, Ben']);
  });

  it('writes nothing through an unknown view', () => {
    const result = computeMetadata({ mapping, schema: schemaOf({ view: undefined }), package: pkg(fullForm), descriptionText: null });
    expect(result).toMatchObject({ writable: false, values: {}, viewName: null, fields: [] });
    expect(result.problems).toHaveLength(1);
  });
});
