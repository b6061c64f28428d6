import { createHash, randomUUID } from 'node:crypto';
import type { IconikClient } from '../iconik/client';
import { IconikError, IconikNotFoundError } from '../iconik/errors';
import { uploadTargetFor } from '../storage/upload-targets';
import { ineligibilityReasons } from './eligibility';
import { missingRoles } from './required-roles';

export type CheckName = 'token' | 'roles' | 'storage' | 'test_upload';

export interface CheckResult {
  name: CheckName;
  status: 'pass' | 'fail' | 'skipped';
  detail: string;
  /** Change to make in Iconik when the check failed. */
  fix?: string;
}

export interface DiagnoseReport {
  ok: boolean;
  checks: CheckResult[];
}

export interface DiagnoseInput {
  client: IconikClient;
  storageId: string;
}

const diagnosticDirectory = 'iconik-delivery-diagnostics';

/**
 * Runs, as one call, the troubleshooting a person would otherwise do by hand:
 * is the token valid, does its user hold the roles, does the chosen storage
 * still qualify, and can a small file really be uploaded to it through
 * Iconik's upload flow. The test upload is removed afterwards. A check that
 * cannot run because an earlier one failed is reported as skipped.
 */
export async function diagnoseIntegration({ client, storageId }: DiagnoseInput): Promise<DiagnoseReport> {
  const checks: CheckResult[] = [];
  const skipRest = (names: CheckName[], because: string) => {
    for (const name of names) checks.push({ name, status: 'skipped', detail: `not run because ${because}` });
  };

  const token = await checkToken(client);
  checks.push(token);
  if (token.status === 'fail') {
    skipRest(['roles', 'storage', 'test_upload'], 'the token check failed');
    return { ok: false, checks };
  }

  checks.push(await checkRoles(client));

  const { check: storage, method } = await checkStorage(client, storageId);
  checks.push(storage);
  if (method === undefined) skipRest(['test_upload'], 'the storage does not qualify');
  else checks.push(await checkTestUpload(client, storageId, method));

  return { ok: checks.every((check) => check.status === 'pass'), checks };
}

async function checkToken(client: IconikClient): Promise<CheckResult> {
  try {
    await client.checkToken();
    const user = await client.currentUser();
    if (user.status != null && user.status !== 'ACTIVE') {
      return { name: 'token', status: 'fail', detail: `the token's user ${user.email ?? user.id} is ${user.status}`, fix: 'Reactivate the user in Admin > Users, or connect again with a token of an active user.' };
    }
    return { name: 'token', status: 'pass', detail: `the token is valid and acts as ${user.email ?? user.id}` };
  } catch (error) {
    if (!(error instanceof IconikError) || error.retryable) throw error;
    return {
      name: 'token',
      status: 'fail',
      detail: error.message,
      fix: 'Make a new application token in Admin > Settings > Application Tokens and update the integration with it.',
    };
  }
}

async function checkRoles(client: IconikClient): Promise<CheckResult> {
  const user = await client.currentUser();
  const missing = missingRoles(await client.currentUserRoles(), user.is_admin === true);
  if (missing.length === 0) return { name: 'roles', status: 'pass', detail: user.is_admin ? 'the user is an admin' : 'the user holds every required role' };
  return {
    name: 'roles',
    status: 'fail',
    detail: `missing roles: ${missing.map((role) => `${role.label} (${role.id})`).join(', ')}`,
    fix: "Add the missing roles to one of the user's groups in Admin > Groups.",
  };
}

/** Checks the storage; returns its method when it qualifies, so the test upload needs no second read. */
async function checkStorage(client: IconikClient, storageId: string): Promise<{ check: CheckResult; method?: string }> {
  try {
    const storage = await client.getStorage(storageId);
    const reasons = ineligibilityReasons(storage);
    if (reasons.length === 0) {
      return { check: { name: 'storage', status: 'pass', detail: `storage ${storage.name} (${storage.method}) qualifies` }, method: storage.method };
    }
    return {
      check: {
        name: 'storage',
        status: 'fail',
        detail: `storage ${storage.name} no longer qualifies: ${reasons.join('; ')}`,
        fix: 'Fix these settings in Admin > Storage, or delete the integration and connect again with another storage.',
      },
    };
  } catch (error) {
    if (!(error instanceof IconikError) || error.retryable) throw error;
    const fix =
      error instanceof IconikNotFoundError
        ? 'The storage was deleted in Iconik: delete the integration and connect again with another storage.'
        : 'Give the user the role Storages: Read (can_read_storages) in Admin > Groups.';
    return { check: { name: 'storage', status: 'fail', detail: error.message, fix } };
  }
}

async function checkTestUpload(client: IconikClient, storageId: string, method: string): Promise<CheckResult> {
  const bytes = Buffer.from(`iconik-delivery diagnostic upload ${new Date().toISOString()}\n`);
  const fileName = `diagnostic-${randomUUID()}.txt`;
  let assetId: string | undefined;
  let fileSetId: string | undefined;
  try {
    const asset = await client.createAsset({ title: `iconik-delivery diagnostic ${fileName}` });
    assetId = asset.id;
    const format = await client.createFormat(asset.id, { name: 'ORIGINAL', storage_methods: [method] });
    const fileSet = await client.createFileSet(asset.id, {
      format_id: format.id,
      storage_id: storageId,
      name: fileName,
      base_dir: diagnosticDirectory,
      component_ids: [],
    });
    fileSetId = fileSet.id;
    const file = await client.createFile(asset.id, {
      original_name: fileName,
      directory_path: diagnosticDirectory,
      size: bytes.length,
      type: 'FILE',
      storage_id: storageId,
      file_set_id: fileSet.id,
      format_id: format.id,
      status: 'OPEN',
    });
    await uploadTargetFor(file.storage_method ?? method).uploadBuffer({ client, assetId: asset.id, file }, bytes);
    const closed = await client.updateFile(asset.id, file.id, {
      status: 'CLOSED',
      size: bytes.length,
      checksum: createHash('md5').update(bytes).digest('hex'),
    });
    if (closed.status !== 'CLOSED') throw new Error(`Iconik kept the test file ${closed.status ?? 'without a status'} after it was closed`);
  } catch (error) {
    const cleanup = await removeTestUpload(client, assetId, fileSetId);
    return {
      name: 'test_upload',
      status: 'fail',
      detail: `${error instanceof Error ? error.message : String(error)}${cleanup}`,
      fix: 'Check the storage bucket credentials and permissions in Admin > Storage (Iconik must be able to issue upload URLs that accept writes), and the user\'s Files and Formats roles.',
    };
  }
  const cleanup = await removeTestUpload(client, assetId, fileSetId);
  return { name: 'test_upload', status: 'pass', detail: `uploaded and closed ${bytes.length} bytes as ${diagnosticDirectory}/${fileName}${cleanup}` };
}

/** Deletes the test objects and the test asset; returns a note for the report when something was left behind. */
async function removeTestUpload(client: IconikClient, assetId: string | undefined, fileSetId: string | undefined): Promise<string> {
  if (assetId === undefined) return '';
  const leftovers: string[] = [];
  if (fileSetId !== undefined) {
    await client.deleteFileSet(assetId, fileSetId, { immediately: true }).catch((error: unknown) => leftovers.push(`file set ${fileSetId}: ${String(error)}`));
  }
  await client.deleteAsset(assetId).catch((error: unknown) => leftovers.push(`asset ${assetId}: ${String(error)}`));
  await client.purgeAsset(assetId).catch((error: unknown) => leftovers.push(`purge of asset ${assetId}: ${String(error)}`));
  return leftovers.length === 0 ? '' : `; clean-up left behind ${leftovers.join('; ')}: delete them in Iconik by hand`;
}
