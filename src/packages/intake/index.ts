export { masvManifestBody } from './masv-manifest';
export { createPackageIntake, DeliveryStartError } from './receive-package';
export type { PackageIntake, PackageIntakeDependencies, ReceivedPackage, SendToCloudOutcome, StartedDelivery } from './receive-package';
export { servicePackageBody } from './service-shape';
export { parseWebhookBody } from './webhook-body';
export type { ParsedWebhookBody, WebhookBodyShape } from './webhook-body';
