import { createSlackStandin, type SlackStandin } from '../../../src/slack-standin/server';
import type { PostedMessage } from '../../../src/slack-standin/state';
import { createLogger } from '../../../src/logging/logger';

export const standinToken = 'xoxb-test-standin-9f3c1e7a5b';

/** A Slack stand-in on a free loopback port, with helpers to read its messages and arm faults. */
export interface StandinHarness {
  standin: SlackStandin;
  /** Web API base URL, for example `http://127.0.0.1:40123/api/`. */
  apiUrl: string;
  url: string;
  messages(channel?: string): Promise<PostedMessage[]>;
  armFault(fault: { error: string; count?: number; retryAfterSeconds?: number }): Promise<void>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startStandin(): Promise<StandinHarness> {
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'warn', name: 'slack-standin-test' });
  const standin = createSlackStandin({ token: standinToken, channels: ['deliveries', 'media-ops'], channelsWithoutApp: ['private-ops'], logger });
  await standin.app.listen({ host: '127.0.0.1', port: 0 });
  const address = standin.app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the Slack stand-in did not report a TCP port');
  const url = `http://127.0.0.1:${address.port}`;

  return {
    standin,
    url,
    apiUrl: `${url}/api/`,
    async messages(channel) {
      const query = channel === undefined ? '' : `?channel=${encodeURIComponent(channel)}`;
      const response = await fetch(`${url}/_standin/messages${query}`);
      return ((await response.json()) as { messages: PostedMessage[] }).messages;
    },
    async armFault(fault) {
      const response = await fetch(`${url}/_standin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fault) });
      if (response.status !== 201) throw new Error(`arming fault ${fault.error} failed with HTTP ${response.status}: ${await response.text()}`);
    },
    async reset() {
      await fetch(`${url}/_standin/messages`, { method: 'DELETE' });
      await fetch(`${url}/_standin/faults`, { method: 'DELETE' });
    },
    close: () => standin.app.close(),
  };
}
