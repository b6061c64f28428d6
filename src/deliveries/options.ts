import type { Config } from '../config';
import type { DeliveryOptions } from '../workflows/delivery/delivery-workflow';

/** The delivery workflow's options from the configuration; each new delivery carries them in its input. */
export function deliveryOptionsFromConfig(config: Config): DeliveryOptions {
  return {
    pageSize: config.delivery.pageSize,
    window: config.delivery.fileWindow,
    transferTaskQueue: config.temporal.transferTaskQueue,
    supportWindow: config.delivery.supportWindow as DeliveryOptions['supportWindow'],
    historyLimit: config.delivery.historyLimit,
    uiBaseUrl: config.temporal.uiUrl.replace(/\/$/, ''),
  };
}
