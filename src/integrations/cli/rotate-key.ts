// Re-encrypts every integration token under the first key of
// INTEGRATIONS_ENCRYPTION_KEYS:  npm run integrations:rotate-key
// Run it after putting a new key first in the ring; drop the old key only
// once this reports success. Steps: docs/key-rotation.md.
import { ConfigError, loadConfig } from '../../config';
import { createLogger } from '../../logging/logger';
import { openIntegrationStore } from '../store';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'integrations-rotate-key' });
  const store = await openIntegrationStore(config.integrations, { logger });
  try {
    const result = await store.repository.reencryptTokens();
    console.log(
      `Re-encrypted ${result.reencrypted} of ${result.checked} integration tokens; every token is now under key "${result.currentKeyId}".`,
    );
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  console.error(`Key rotation failed, and no token was changed: ${message}`);
  process.exit(1);
});
