import { IconikClient } from '../../src/iconik/client';
import { Throttle } from '../../src/iconik/throttle';
import { createLogger } from '../../src/logging/logger';
import type { SimulatorHarness } from '../simulator/support/harness';

/** Builds a client for the test simulator with a generous throttle and short retries. */
export function simulatorClient(simulator: SimulatorHarness, credentials: { appId: string; token: string }): IconikClient {
  return new IconikClient({
    baseUrl: simulator.url,
    appId: credentials.appId,
    authToken: credentials.token,
    logger: createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent', name: 'iconik-test' }),
    throttle: new Throttle(1_000),
    retry: { maxAttempts: 3, initialDelayMs: 10, maxDelayMs: 100 },
  });
}
