import { timingSafeEqual } from 'node:crypto';
import type { SimState, UserRecord } from '../state/types';
import { IconikError } from './errors';

/** The user an App-ID and Auth-Token pair acts as, with the roles that apply to it. */
export interface Principal {
  appId: string;
  user: UserRecord;
  roles: Set<string>;
}

/**
 * Checks the App-ID and Auth-Token headers against the app tokens. Unknown
 * pairs, revoked tokens and users that are not ACTIVE all answer 401 with the
 * same message, so a caller learns nothing about which part was wrong.
 */
export function authenticate(state: SimState, headers: Record<string, string | string[] | undefined>): Principal {
  const appId = headerValue(headers['app-id']);
  const token = headerValue(headers['auth-token']);
  if (appId === undefined || token === undefined) {
    throw new IconikError(401, ['Token is invalid: send both the App-ID and the Auth-Token header']);
  }
  const record = state.appTokens.find((candidate) => candidate.app_id === appId && sameSecret(candidate.token, token));
  const user = record === undefined ? undefined : state.users[record.user_id];
  if (record === undefined || record.revoked || user === undefined) {
    throw new IconikError(401, ['Token is invalid']);
  }
  if (user.status !== 'ACTIVE') {
    throw new IconikError(401, ['Token is invalid: the user of this application token is not active']);
  }
  return { appId, user, roles: new Set(effectiveRoles(state, user)) };
}

/**
 * Returns the union of the roles of the user's groups, capped by the user
 * type. NOTE: Iconik documents that the user type caps the roles (browse-only
 * below standard below power) but not the exact sets. The simulator lets
 * browse-only users keep only read and search roles, and keeps
 * can_write_metadata_values for power users, because writing metadata onto
 * assets needs a power user.
 */
export function effectiveRoles(state: SimState, user: UserRecord): string[] {
  const roles = new Set<string>();
  for (const groupId of user.groups) {
    for (const role of state.groups[groupId]?.roles ?? []) roles.add(role);
  }
  return [...roles].filter((role) => allowedForType(user.type, role)).sort();
}

function allowedForType(type: UserRecord['type'], role: string): boolean {
  if (type === 'BROWSE_ONLY' || type === 'BROWSE_API_ONLY') return role.startsWith('can_read_') || role === 'can_search';
  if (type === 'STANDARD') return role !== 'can_write_metadata_values';
  return true;
}

/** Rejects with 403 unless the principal is an admin or holds every role. */
export function requireRoles(principal: Principal, roles: string[]): void {
  if (principal.user.is_admin) return;
  const missing = roles.filter((role) => !principal.roles.has(role));
  if (missing.length > 0) {
    throw new IconikError(403, [`Permission denied: this call requires the role ${missing.join(', ')}`]);
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  const single = Array.isArray(value) ? value[0] : value;
  return single === undefined || single === '' ? undefined : single;
}

/** Compares two secrets in constant time for equal lengths. */
export function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
