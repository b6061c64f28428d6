// The worker bundles this module: every workflow type it runs is exported here.
export { pingWorkflow } from './ping';
