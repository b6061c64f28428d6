// The worker bundles this module: every workflow type it runs is exported here.
export { pingWorkflow } from './ping';
export { deliveryWorkflow } from './delivery/delivery-workflow';
export { deliverFileWorkflow } from './delivery/file-workflow';
export { nameAllocatorWorkflow } from './delivery/allocator';
