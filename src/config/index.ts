export { ConfigError, configVariableNames, developmentAdminToken, loadConfig, parseConfig } from './env';
export type { Config } from './env';
