export { ConfigError, configVariableNames, loadConfig, parseConfig } from './env';
export type { Config } from './env';
