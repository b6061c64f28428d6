import { randomUUID } from 'node:crypto';
import { z } from 'zod';

export const faultInputSchema = z
  .object({
    method: z.string().regex(/^(\*|GET|POST|PUT|PATCH|DELETE)$/i).default('*'),
    path: z.string().startsWith('/', 'must be a path glob starting with /, for example /API/files/v1/assets/*/files/'),
    mode: z.enum(['status', 'delay', 'drop', 'expired_upload_url']),
    status: z.union([z.literal(429), z.literal(500), z.literal(502), z.literal(503)]).optional(),
    retry_after: z.number().int().min(0).optional(),
    rate_limit_remaining: z.number().int().min(0).optional(),
    delay_ms: z.number().int().min(1).max(120_000).optional(),
    count: z.number().int().min(1).default(1),
  })
  .refine((input) => input.mode !== 'status' || input.status !== undefined, { message: 'mode "status" needs a status (429, 500, 502 or 503)', path: ['status'] })
  .refine((input) => input.mode !== 'delay' || input.delay_ms !== undefined, { message: 'mode "delay" needs delay_ms', path: ['delay_ms'] });

export type FaultInput = z.infer<typeof faultInputSchema>;

/** A fault armed for the next `remaining` calls that match its method and path glob. */
export interface Fault extends FaultInput {
  id: string;
  remaining: number;
}

export interface FaultRegistry {
  add(input: FaultInput): Fault;
  /** Takes one use of the first fault matching the call, removing the fault when it is used up. */
  take(method: string, path: string): Fault | undefined;
  list(): Fault[];
  clear(): void;
}

export function createFaultRegistry(): FaultRegistry {
  let faults: { fault: Fault; pattern: RegExp }[] = [];
  return {
    add(input) {
      const fault = { ...input, method: input.method.toUpperCase(), id: randomUUID(), remaining: input.count };
      faults.push({ fault, pattern: globToRegExp(normalizePath(input.path)) });
      return fault;
    },
    take(method, path) {
      const normalized = normalizePath(path);
      const entry = faults.find((candidate) => (candidate.fault.method === '*' || candidate.fault.method === method) && candidate.pattern.test(normalized));
      if (entry === undefined) return undefined;
      entry.fault.remaining -= 1;
      if (entry.fault.remaining === 0) faults = faults.filter((candidate) => candidate !== entry);
      return { ...entry.fault };
    },
    list() {
      return faults.map((entry) => ({ ...entry.fault }));
    },
    clear() {
      faults = [];
    },
  };
}

/** Drops the query string and adds the trailing slash, so a glob matches both spellings of a path. */
export function normalizePath(path: string): string {
  const bare = path.split('?')[0] ?? '';
  return bare.endsWith('/') ? bare : `${bare}/`;
}

// `**` matches across segments, `*` within one segment.
function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replaceAll('**', '\u0000').replaceAll('*', '[^/]*').replaceAll('\u0000', '.*')}$`);
}
