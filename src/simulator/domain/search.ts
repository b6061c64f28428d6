import { badRequest } from '../http/errors';

export interface SearchTerm {
  name: string;
  value?: string;
  value_in?: string[];
  exists?: boolean;
  missing?: boolean;
  range?: { min?: string; max?: string };
}

export interface SearchFilter {
  operator: string;
  terms?: SearchTerm[];
  filters?: SearchFilter[];
}

type Document = Record<string, unknown>;

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? '';
}

// Reads a dotted term name such as `files.storage_id`, flattening arrays on the way.
function valuesAt(document: Document, name: string): unknown[] {
  let current: unknown[] = [document];
  for (const part of name.split('.')) {
    current = current.flatMap((value): unknown[] => {
      if (value === null || typeof value !== 'object') return [];
      const next = (value as Record<string, unknown>)[part];
      if (Array.isArray(next)) return next as unknown[];
      return next === undefined || next === null ? [] : [next];
    });
  }
  return current;
}

function termMatches(document: Document, term: SearchTerm): boolean {
  const values = valuesAt(document, term.name).map(asText);
  if (term.exists === true && values.length === 0) return false;
  if (term.missing === true && values.length > 0) return false;
  if (term.value !== undefined && !values.includes(term.value)) return false;
  if (term.value_in !== undefined && !values.some((value) => term.value_in?.includes(value))) return false;
  if (term.range !== undefined) {
    const { min, max } = term.range;
    if (!values.some((value) => (min === undefined || value >= min) && (max === undefined || value <= max))) return false;
  }
  return true;
}

/**
 * Returns true when the document passes the filter. Terms compare exactly,
 * where Iconik's Elasticsearch may analyse text, so a client should still
 * re-check titles itself.
 */
export function filterMatches(document: Document, filter: SearchFilter | undefined): boolean {
  if (filter === undefined) return true;
  const operator = filter.operator.toUpperCase();
  if (operator !== 'AND' && operator !== 'OR') throw badRequest('filter.operator', `Must be AND or OR, got ${filter.operator}.`);
  const results = [...(filter.terms ?? []).map((term) => termMatches(document, term)), ...(filter.filters ?? []).map((nested) => filterMatches(document, nested))];
  if (results.length === 0) return true;
  return operator === 'AND' ? results.every(Boolean) : results.some(Boolean);
}

/** Returns true when every word of the free-text query occurs in the title, ignoring case. */
export function queryMatches(document: Document, query: string | undefined): boolean {
  if (query === undefined || query.trim() === '' || query.trim() === '*') return true;
  const title = asText(document.title ?? '').toLowerCase();
  return query.toLowerCase().split(/\s+/).filter(Boolean).every((word) => title.includes(word.replaceAll('*', '')));
}

export interface SortKey {
  name: string;
  descending: boolean;
}

/** Returns each document's sort values, ending with its id so the order is total and `search_after` is exact. */
export function sortValues(document: Document, keys: SortKey[]): (string | number)[] {
  return [...keys.map((key) => {
    const value = valuesAt(document, key.name)[0];
    return typeof value === 'number' ? value : asText(value ?? '');
  }), String(document.id)];
}

export function compareSortValues(a: (string | number)[], b: (string | number)[], keys: SortKey[]): number {
  for (let index = 0; index < a.length; index += 1) {
    const left = a[index] ?? '';
    const right = b[index] ?? '';
    const compared = typeof left === 'number' && typeof right === 'number' ? left - right : String(left).localeCompare(String(right));
    if (compared !== 0) return keys[index]?.descending === true ? -compared : compared;
  }
  return 0;
}
