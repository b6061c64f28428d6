import { IconikError, badRequest, notFound } from '../http/errors';
import type { SimRoute } from '../http/routing';
import { missingRequiredFields, validateMetadataValues } from '../domain/metadata-values';
import type { MetadataValuesRecord, MetadataViewRecord } from '../state/types';
import { asRecord, type RouteContext } from './context';
import { intParam } from '../http/pagination';

// The view id is part of the path, not of Iconik's MetadataValuesSchema.
function withoutViewId(record: MetadataValuesRecord): Omit<MetadataValuesRecord, 'view_id'> {
  const values: Partial<MetadataValuesRecord> = { ...record };
  delete values.view_id;
  return values as Omit<MetadataValuesRecord, 'view_id'>;
}

type WrittenValues = Record<string, { field_values?: { value?: unknown }[]; mode?: string }>;

function viewJson(context: RouteContext, view: MetadataViewRecord): Record<string, unknown> {
  const fields = context.store.state.metadataFields;
  return {
    ...view,
    view_fields: view.view_fields.map((viewField) => {
      const field = fields[viewField.name];
      return { ...field, ...viewField, label: field?.label ?? viewField.name, field_type: field?.field_type ?? 'string', options: field?.options ?? [] };
    }),
  };
}

export function metadataRoutes(context: RouteContext): SimRoute[] {
  const state = () => context.store.state;
  const findView = (id: string) => {
    const view = state().metadataViews[id];
    if (view === undefined) throw notFound('Metadata view', id);
    return view;
  };
  const objectsOfType = (type: string) => (type === 'assets' ? state().assets : type === 'collections' ? state().collections : undefined);
  return [
    {
      method: 'GET',
      service: 'metadata',
      specPath: '/v1/views/',
      handle: () => ({ status: 200, body: { objects: Object.values(state().metadataViews).map((view) => viewJson(context, view)) } }),
    },
    {
      method: 'GET',
      service: 'metadata',
      specPath: '/v1/views/{view_id}/',
      handle: (request) => ({ status: 200, body: viewJson(context, findView(request.params.view_id ?? '')) }),
    },
    {
      // Fields are paged by name: per_page (default 500) and last_field_name, the name the previous page ended with.
      method: 'GET',
      service: 'metadata',
      specPath: '/v1/fields/',
      handle: (request) => {
        const perPage = intParam(request.query, 'per_page', 500, { min: 1, max: 1000 });
        const after = request.query.last_field_name ?? '';
        const all = Object.values(state().metadataFields).sort((a, b) => a.name.localeCompare(b.name));
        const remaining = all.filter((field) => after === '' || field.name.localeCompare(after) > 0);
        const objects = remaining.slice(0, perPage);
        const last = objects.at(-1);
        const next = remaining.length > perPage && last !== undefined ? { next_url: `${request.path}?per_page=${perPage}&last_field_name=${encodeURIComponent(last.name)}` } : {};
        return { status: 200, body: { objects, per_page: perPage, total: all.length, first_url: `${request.path}?per_page=${perPage}`, ...next } };
      },
    },
    {
      method: 'GET',
      service: 'metadata',
      specPath: '/v1/fields/{field_name}/',
      handle: (request) => {
        const field = state().metadataFields[request.params.field_name ?? ''];
        if (field === undefined) throw notFound('Metadata field', request.params.field_name ?? '');
        return { status: 200, body: field };
      },
    },
    {
      method: 'GET',
      service: 'metadata',
      specPath: '/v1/{object_type}/{object_id}/views/{view_id}/',
      handle: (request) => {
        const view = findView(request.params.view_id ?? '');
        const record = state().metadataValues[`${request.params.object_type ?? ''}/${request.params.object_id ?? ''}/${view.id}`];
        if (record === undefined) throw new IconikError(404, [`No metadata values for ${request.params.object_type ?? ''} ${request.params.object_id ?? ''} in view ${view.id}`]);
        return { status: 200, body: withoutViewId(record) };
      },
    },
    {
      method: 'PUT',
      service: 'metadata',
      specPath: '/v1/{object_type}/{object_id}/views/{view_id}/',
      handle: (request) => {
        const objectType = request.params.object_type ?? '';
        const objectId = request.params.object_id ?? '';
        const objects = objectsOfType(objectType);
        if (objects === undefined) throw badRequest('object_type', `Must be assets or collections, got ${objectType}.`);
        if (objects[objectId] === undefined) throw notFound(objectType === 'assets' ? 'Asset' : 'Collection', objectId);
        const view = findView(request.params.view_id ?? '');
        const written = asRecord(request.body).metadata_values as WrittenValues;
        const errors = validateMetadataValues(view, state().metadataFields, written);
        if (Object.keys(errors).length > 0) throw new IconikError(400, errors);

        const key = `${objectType}/${objectId}/${view.id}`;
        const now = context.store.now().toISOString();
        const previous = state().metadataValues[key];
        const merged: MetadataValuesRecord['metadata_values'] = { ...(previous?.metadata_values ?? {}) };
        for (const [name, entry] of Object.entries(written)) {
          const values = (entry.field_values ?? []).map((item) => ({ value: item.value }));
          const existing = merged[name]?.field_values ?? [];
          if (entry.mode === 'append') merged[name] = { field_values: [...existing, ...values] };
          else if (entry.mode === 'delete') merged[name] = { field_values: existing.filter((item) => !values.some((gone) => gone.value === item.value)) };
          else merged[name] = { field_values: values };
        }
        const missing = missingRequiredFields(view, state().metadataFields, merged);
        if (missing.length > 0) throw new IconikError(400, Object.fromEntries(missing.map((name) => [name, `Field ${name} is required in view ${view.name}.`])));

        const record: MetadataValuesRecord = { object_type: objectType, object_id: objectId, view_id: view.id, date_created: previous?.date_created ?? now, date_modified: now, metadata_values: merged };
        state().metadataValues[key] = record;
        request.log.info({ objectType, objectId, viewId: view.id, fields: Object.keys(written) }, 'metadata values written');
        return { status: 200, body: withoutViewId(record) };
      },
    },
  ];
}
