import type { IntegrationCredentials } from './credentials';
import type {
  Integration,
  IntegrationListFilter,
  IntegrationUpdate,
  NewIntegration,
  ReencryptionResult,
  StatusChange,
} from './types';

/**
 * Stores integrations. Every write runs in one transaction, so a failed write
 * leaves the database as it was. Input is validated first: invalid input
 * raises IntegrationValidationError, and a missing integration raises
 * IntegrationNotFoundError. The application token leaves the store only
 * through `getCredentials`.
 */
export interface IntegrationRepository {
  /** Saves a new integration with status OK and returns it. */
  create(input: NewIntegration): Promise<Integration>;
  /** Returns the integration, or undefined when none has this id. */
  get(id: string): Promise<Integration | undefined>;
  /** Returns the integrations, oldest first, optionally only those with the given status. */
  list(filter?: IntegrationListFilter): Promise<Integration[]>;
  /** Changes the fields present in `changes` (a token given is re-encrypted) and returns the result. */
  update(id: string, changes: IntegrationUpdate): Promise<Integration>;
  delete(id: string): Promise<void>;
  /**
   * Sets the status and its time, and returns the integration. Leaves
   * `updatedAt` alone, which tracks changes to the settings only.
   */
  setStatus(id: string, status: StatusChange): Promise<Integration>;
  /** Returns the integrations that deliver packages received through this portal. */
  findByPortal(portalId: string): Promise<Integration[]>;
  /** Returns the integrations that deliver packages sent with Send to cloud. */
  findSendToCloud(): Promise<Integration[]>;
  /** Decrypts and returns the App ID and token that authenticate requests to Iconik. */
  getCredentials(id: string): Promise<IntegrationCredentials>;
  /** Rewrites every token that another key encrypted under the current key, in one transaction. */
  reencryptTokens(): Promise<ReencryptionResult>;
}
