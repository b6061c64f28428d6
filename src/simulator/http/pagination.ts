import { IconikError, badRequest } from './errors';

export type Query = Record<string, string | undefined>;

/** The list envelope that every paginated Iconik list answers with; absent URLs are left out, as the schemas give them no null. */
export interface ListEnvelope<T> {
  objects: T[];
  page?: number;
  pages?: number;
  per_page: number;
  total: number;
  first_url?: string;
  last_url?: string;
  next_url?: string;
  prev_url?: string;
}

export function intParam(query: Query, name: string, fallback: number, range: { min: number; max: number }): number {
  const raw = query[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw badRequest(name, `Must be an integer from ${range.min} to ${range.max}, got "${raw}".`);
  }
  return value;
}

function urlWith(path: string, query: Query, changes: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, ...changes })) {
    if (value !== undefined) params.set(key, value);
  }
  const search = params.toString();
  return search === '' ? path : `${path}?${search}`;
}

/**
 * Pages a list with `page` and `per_page`. A page past the last one answers
 * 404, as Iconik does for "requested page does not exist". `present`, when
 * given, turns only the objects of the page into their response shape.
 */
export function pageEnvelope<T>(items: T[], options: { path: string; query: Query; maxPerPage: number }): ListEnvelope<T>;
export function pageEnvelope<T, U>(items: T[], options: { path: string; query: Query; maxPerPage: number }, present: (item: T) => U): ListEnvelope<U>;
export function pageEnvelope<T, U>(items: T[], options: { path: string; query: Query; maxPerPage: number }, present?: (item: T) => U): ListEnvelope<T | U> {
  const perPage = intParam(options.query, 'per_page', 10, { min: 1, max: options.maxPerPage });
  const page = intParam(options.query, 'page', 1, { min: 1, max: 10_000 });
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  if (page > pages) throw new IconikError(404, [`Requested page ${page} does not exist: the list has ${pages} page(s)`]);
  const link = (target: number) => urlWith(options.path, options.query, { page: String(target), per_page: String(perPage) });
  const onPage = items.slice((page - 1) * perPage, page * perPage);
  return {
    objects: present === undefined ? onPage : onPage.map(present),
    page,
    pages,
    per_page: perPage,
    total: items.length,
    first_url: link(1),
    last_url: link(pages),
    ...(page < pages ? { next_url: link(page + 1) } : {}),
    ...(page > 1 ? { prev_url: link(page - 1) } : {}),
  };
}

/**
 * Pages a list in a stable order with a `last_id` cursor: each page starts
 * after the object whose id the caller passes.
 */
export function cursorEnvelope<T extends { id: string }>(items: T[], options: { path: string; query: Query; maxPerPage: number }): ListEnvelope<T> {
  const perPage = intParam(options.query, 'per_page', 10, { min: 1, max: options.maxPerPage });
  const lastId = options.query.last_id;
  let start = 0;
  if (lastId !== undefined && lastId !== '') {
    const index = items.findIndex((item) => item.id === lastId);
    if (index === -1) throw badRequest('last_id', `No object with id ${lastId} is in this list: pass the id of the last object of the previous page.`);
    start = index + 1;
  }
  const objects = items.slice(start, start + perPage);
  const last = objects.at(-1);
  const hasMore = start + perPage < items.length && last !== undefined;
  return {
    objects,
    per_page: perPage,
    total: items.length,
    first_url: urlWith(options.path, options.query, { last_id: undefined, per_page: String(perPage) }),
    ...(hasMore ? { next_url: urlWith(options.path, options.query, { last_id: last.id, per_page: String(perPage) }) } : {}),
  };
}
