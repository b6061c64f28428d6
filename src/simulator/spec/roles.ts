import { findOperation, type HttpMethod, type IconikService, type IconikSpecs } from './load-specs';

/**
 * Reads the roles an operation needs from its description, where every
 * Iconik spec writes them as a "Required roles:" line followed by one
 * " - can_..." line per role. An operation without that line needs only a
 * valid token.
 */
export function requiredRolesOf(description: string | undefined): string[] {
  if (description === undefined) return [];
  const start = description.indexOf('Required roles:');
  if (start === -1) return [];
  const roles: string[] = [];
  for (const line of description.slice(start + 'Required roles:'.length).split('\n')) {
    const match = /^\s*-\s*(\w+)\s*$/.exec(line);
    if (match?.[1] !== undefined) roles.push(match[1]);
    else if (line.trim() !== '') break;
  }
  return roles;
}

/** Returns the roles that one spec operation requires. */
export function requiredRoles(specs: IconikSpecs, service: IconikService, path: string, method: HttpMethod): string[] {
  return requiredRolesOf(findOperation(specs, service, path, method).description);
}
