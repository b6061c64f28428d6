import { badRequest } from '../http/errors';
import { intParam, pageEnvelope } from '../http/pagination';
import type { SimRoute } from '../http/routing';
import { compareSortValues, filterMatches, queryMatches, sortValues, type SearchFilter, type SortKey } from '../domain/search';
import { asRecord, type RouteContext } from './context';
import { assetDocument } from './assets';
import { containingCollections, ancestorCollections } from '../domain/collections';

const defaultSort: SortKey[] = [{ name: 'date_created', descending: true }];

export function searchRoutes(context: RouteContext): SimRoute[] {
  const state = () => context.store.state;
  return [
    {
      // Search sees only indexed objects: a new asset or collection appears after the index lag, like Iconik's Elasticsearch.
      method: 'POST',
      service: 'search',
      specPath: '/v1/search/',
      handle: (request) => {
        const body = asRecord(request.body);
        const docTypes = (body.doc_types as string[] | undefined) ?? ['assets', 'collections'];
        const sortKeys: SortKey[] = ((body.sort as { name: string; order?: string }[] | undefined) ?? []).map((key) => ({ name: key.name, descending: key.order?.toLowerCase() === 'desc' }));
        const keys = sortKeys.length > 0 ? sortKeys : defaultSort;

        const documents: Record<string, unknown>[] = [];
        if (docTypes.includes('assets')) {
          for (const asset of Object.values(state().assets)) if (context.store.isIndexed(asset.id)) documents.push(assetDocument(context, asset));
        }
        if (docTypes.includes('collections')) {
          for (const collection of Object.values(state().collections)) {
            if (!context.store.isIndexed(collection.id)) continue;
            const containers = containingCollections(state(), collection.id);
            documents.push({ ...collection, in_collections: containers, ancestor_collections: ancestorCollections(state(), containers) });
          }
        }
        const matching = documents
          .filter((document) => queryMatches(document, body.query as string | undefined))
          .filter((document) => filterMatches(document, body.filter as SearchFilter | undefined))
          .map((document) => ({ ...document, _sort: sortValues(document, keys) }))
          .sort((a, b) => compareSortValues(a._sort, b._sort, keys));

        const searchAfter = body.search_after as (string | number)[] | undefined;
        if (searchAfter !== undefined && searchAfter.length > 0) {
          if (searchAfter.length !== keys.length + 1) throw badRequest('search_after', `Must hold ${keys.length + 1} values: the _sort of the last object of the previous page.`);
          const perPage = intParam(request.query, 'per_page', 10, { min: 1, max: 1000 });
          const after = matching.filter((document) => compareSortValues(document._sort, searchAfter, keys) > 0);
          return { status: 200, body: { objects: after.slice(0, perPage), per_page: perPage, total: matching.length } };
        }
        return { status: 200, body: pageEnvelope(matching, { path: request.path, query: request.query, maxPerPage: 1000 }) };
      },
    },
  ];
}
