import type { IconikClient } from '../iconik/client';
import { IconikAuthenticationError, IconikPermissionError } from '../iconik/errors';
import { powerUserProblem } from './metadata-schema';
import { classifyStorages, type IneligibleStorage, type StorageSummary } from './eligibility';
import { missingRoles, requiredRoles, type RequiredRole } from './required-roles';

export type CredentialProblem = 'invalid_app_id' | 'unknown_app_id_or_wrong_token' | 'user_disabled';

export interface VerifyReport {
  /** True when the credentials work, no required role is missing and at least one storage qualifies. */
  ok: boolean;
  credentials: { ok: true } | { ok: false; problem: CredentialProblem; message: string };
  user?: { id: string; name: string; email: string | null; type: string | null; admin: boolean; status: string | null };
  roles?: { held: string[]; required: RequiredRole[]; missing: RequiredRole[] };
  /** Writing form metadata onto assets needs an Iconik user of type POWER. */
  powerUser?: { ok: boolean; type: string | null };
  storages?: { eligible: StorageSummary[]; ineligible: IneligibleStorage[] };
  /** Every problem found, each in plain words with the fix. */
  problems: string[];
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks an App ID and token against Iconik and reports, in plain words, what
 * a delivery would need fixed: credentials, the user's status and roles, the
 * Power-user type, and which storages can receive files. Connection failures
 * propagate as IconikUnavailableError.
 */
export async function verifyCredentials(client: IconikClient, appId: string): Promise<VerifyReport> {
  if (!uuidPattern.test(appId)) {
    const message = `The App ID "${appId}" is not an Iconik Application ID, which is a UUID: copy it from Admin > Settings > Application Tokens.`;
    return { ok: false, credentials: { ok: false, problem: 'invalid_app_id', message }, problems: [message] };
  }

  try {
    await client.checkToken();
  } catch (error) {
    if (!(error instanceof IconikAuthenticationError)) throw error;
    const credentials = describeRejection(error.iconikMessage);
    return { ok: false, credentials, problems: [credentials.message] };
  }

  const problems: string[] = [];
  const iconikUser = await client.currentUser();
  const name = [iconikUser.first_name, iconikUser.last_name].filter(Boolean).join(' ') || (iconikUser.email ?? iconikUser.id);
  const user = {
    id: iconikUser.id,
    name,
    email: iconikUser.email ?? null,
    type: iconikUser.type ?? null,
    admin: iconikUser.is_admin === true,
    status: iconikUser.status ?? null,
  };
  if (user.status !== null && user.status !== 'ACTIVE') {
    const message = `The Iconik user ${name} is ${user.status}: reactivate the user in Admin > Users, or bind the token to an active user.`;
    return { ok: false, credentials: { ok: false, problem: 'user_disabled', message }, user, problems: [message] };
  }

  const held = await client.currentUserRoles();
  const missing = missingRoles(held, user.admin);
  if (missing.length > 0) {
    problems.push(
      `The Iconik user ${name} lacks ${missing.length} required role${missing.length === 1 ? '' : 's'}: ` +
        `${missing.map((role) => `${role.label} (${role.id})`).join(', ')}. Add them to one of the user's groups in Admin > Groups, or make the user an admin.`,
    );
  }

  const powerUser = { ok: user.type === 'POWER', type: user.type };
  if (!powerUser.ok) {
    problems.push(powerUserProblem(name, user.type));
  }

  let storages: VerifyReport['storages'];
  try {
    storages = classifyStorages(await client.listStorages());
    if (storages.eligible.length === 0) {
      problems.push('No Iconik storage can receive deliveries: a storage needs purpose FILES, method S3, GCS, AZURE or B2, status ACTIVE, and read, write and delete enabled.');
    }
  } catch (error) {
    if (!(error instanceof IconikPermissionError)) throw error;
    problems.push(`The storages could not be listed: ${error.message}`);
  }

  const ok = missing.length === 0 && storages !== undefined && storages.eligible.length > 0;
  return { ok, credentials: { ok: true }, user, roles: { held, required: requiredRoles, missing }, powerUser, storages, problems };
}

/**
 * Iconik responds with 401 and one envelope for every credential failure.
 * Its message, when it has one, tells a disabled user apart from a bad pair.
 */
function describeRejection(iconikMessage: string | undefined): { ok: false; problem: CredentialProblem; message: string } {
  const said = iconikMessage === undefined ? '' : ` Iconik said: "${iconikMessage}".`;
  if (iconikMessage !== undefined && /not active|inactive|disabled|blocked/i.test(iconikMessage)) {
    return {
      ok: false,
      problem: 'user_disabled',
      message: `The token belongs to an Iconik user who is not active.${said} Reactivate the user in Admin > Users, or make a token for an active user.`,
    };
  }
  return {
    ok: false,
    problem: 'unknown_app_id_or_wrong_token',
    message: `Iconik rejected the App ID and token: the App ID is unknown, or the token is wrong, revoked or made for another App ID.${said} Copy both from Admin > Settings > Application Tokens; a token is shown only once, so make a new one if it is lost.`,
  };
}
