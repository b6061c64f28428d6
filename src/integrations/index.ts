export { IntegrationCredentials } from './credentials';
export { EncryptionKey, developmentKeyRing, parseKeyRing } from './crypto/key-ring';
export { IntegrationNotFoundError, IntegrationValidationError, MigrationError, TokenDecryptionError } from './errors';
export type { ValidationIssue } from './errors';
export type { IntegrationRepository } from './repository';
export { openIntegrationStore } from './store';
export type { IntegrationStore, IntegrationStoreDependencies } from './store';
export type {
  Integration,
  IntegrationListFilter,
  IntegrationStatus,
  IntegrationUpdate,
  NewIntegration,
  NotificationSettings,
  ReencryptionResult,
  StatusChange,
} from './types';
