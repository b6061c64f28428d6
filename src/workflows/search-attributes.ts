import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Custom search attributes that operators filter deliveries by in the Temporal
// UI. They must be registered on the server before a workflow sets them, and
// they are stored unencrypted, so they carry ids only, never personal data or
// secrets. The set fits the SQL visibility budget of 10 Keyword and 3 Int
// attributes per namespace.
export const DeliveryId = defineSearchAttributeKey('DeliveryId', SearchAttributeType.KEYWORD);
export const PackageId = defineSearchAttributeKey('PackageId', SearchAttributeType.KEYWORD);
export const IntegrationId = defineSearchAttributeKey('IntegrationId', SearchAttributeType.KEYWORD);
export const Portal = defineSearchAttributeKey('Portal', SearchAttributeType.KEYWORD);
export const DeliveryStage = defineSearchAttributeKey('DeliveryStage', SearchAttributeType.KEYWORD);
export const FailureCategory = defineSearchAttributeKey('FailureCategory', SearchAttributeType.KEYWORD);
export const FilesTotal = defineSearchAttributeKey('FilesTotal', SearchAttributeType.INT);
export const FilesFailed = defineSearchAttributeKey('FilesFailed', SearchAttributeType.INT);

export const searchAttributeKeys = [
  DeliveryId,
  PackageId,
  IntegrationId,
  Portal,
  DeliveryStage,
  FailureCategory,
  FilesTotal,
  FilesFailed,
];
