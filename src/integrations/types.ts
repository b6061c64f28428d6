import type { MetadataMapping } from '../metadata/mapping';

/**
 * Health of an integration: OK, or the error that the last check or delivery
 * found. `setAt` is the ISO 8601 time the status was last set.
 */
export type IntegrationStatus =
  | { kind: 'ok'; setAt: string }
  | { kind: 'error'; message: string; setAt: string };

/** Destinations of delivery status besides the package's recipients. */
export interface NotificationSettings {
  /** Slack channel name or id, or null when no Slack message is sent. */
  slackChannel: string | null;
  /** Extra email addresses that receive every delivery status. */
  emails: string[];
}

/**
 * One connection to one Iconik account, as the store returns it. The
 * application token is deliberately absent: read it with
 * `IntegrationRepository.getCredentials`.
 */
export interface Integration {
  id: string;
  name: string;
  /** Iconik base URL without a trailing slash, for example https://app.iconik.io. */
  iconikBaseUrl: string;
  appId: string;
  /** Id of the Iconik storage that receives the files. */
  storageId: string;
  /** Sub-path inside the storage, without leading or trailing slashes, or null for the storage root. */
  targetDirectory: string | null;
  syncMetadata: boolean;
  /** Portals whose packages this integration delivers, sorted. */
  portalIds: string[];
  /** Whether this integration delivers packages sent with Send to cloud. */
  sendToCloud: boolean;
  notifications: NotificationSettings;
  /** Iconik metadata field that receives the asset description, or null to write none. */
  descriptionField: string | null;
  /** Mapping from package metadata to Iconik metadata fields, or null when none is set; written only while `syncMetadata` is on. */
  metadataMapping: MetadataMapping | null;
  status: IntegrationStatus;
  createdAt: string;
  updatedAt: string;
}

/** Input of `IntegrationRepository.create`; optional fields take the defaults shown. */
export interface NewIntegration {
  name: string;
  iconikBaseUrl: string;
  appId: string;
  token: string;
  storageId: string;
  /** Default: null (the storage root). */
  targetDirectory?: string | null;
  /** Default: false. */
  syncMetadata?: boolean;
  /** Default: none. */
  portalIds?: string[];
  /** Default: false. */
  sendToCloud?: boolean;
  /** Default: no Slack channel and no extra emails. */
  notifications?: Partial<NotificationSettings>;
  /** Default: null. */
  descriptionField?: string | null;
  /** Default: null. `unmapped` defaults to `{ listInStatus: true }`. */
  metadataMapping?: MetadataMappingInput | null;
}

/** A metadata mapping as a caller writes it, before defaults apply. */
export type MetadataMappingInput = Omit<MetadataMapping, 'unmapped'> & { unmapped?: MetadataMapping['unmapped'] };

/**
 * Input of `IntegrationRepository.update`: only the fields present change.
 * `token` replaces the stored token; `portalIds` and `notifications.emails`
 * replace the whole list.
 */
export type IntegrationUpdate = Partial<Omit<NewIntegration, 'notifications'>> & {
  notifications?: Partial<NotificationSettings>;
};

/** New status for `IntegrationRepository.setStatus`; the store records the time. */
export type StatusChange = { kind: 'ok' } | { kind: 'error'; message: string };

/** Filter of `IntegrationRepository.list`. */
export interface IntegrationListFilter {
  status?: IntegrationStatus['kind'];
}

/** Outcome of re-encrypting every stored token under the current key. */
export interface ReencryptionResult {
  /** Integrations whose token was read. */
  checked: number;
  /** Integrations whose token was under another key and is now under the current one. */
  reencrypted: number;
  currentKeyId: string;
}
