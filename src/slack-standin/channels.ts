import { createHash } from 'node:crypto';

/** A channel of the stand-in's workspace. */
export interface StandinChannel {
  /** Slack-style channel id, for example `C1A2B3C4D5E`. */
  id: string;
  /** Name without the leading #. */
  name: string;
  /** Whether the app was invited, which chat.postMessage requires. */
  appIsMember: boolean;
}

/** The channels of the stand-in's workspace, found by name (with or without #) or by id. */
export interface ChannelDirectory {
  find(nameOrId: string): StandinChannel | undefined;
  list(): StandinChannel[];
}

/** Builds the workspace's channels; each id is derived from the name, so it stays the same across restarts. */
export function createChannelDirectory(options: { channels: string[]; channelsWithoutApp: string[] }): ChannelDirectory {
  const channels = [
    ...options.channels.map((name) => channelNamed(name, true)),
    ...options.channelsWithoutApp.map((name) => channelNamed(name, false)),
  ];
  return {
    find(nameOrId) {
      const key = nameOrId.trim().replace(/^#/, '');
      return channels.find((channel) => channel.id === key || channel.name === key);
    },
    list: () => [...channels],
  };
}

function channelNamed(name: string, appIsMember: boolean): StandinChannel {
  const bare = name.replace(/^#/, '');
  const digest = createHash('sha256').update(bare).digest('hex').slice(0, 10).toUpperCase();
  return { id: `C${digest}`, name: bare, appIsMember };
}
