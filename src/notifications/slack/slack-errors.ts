import { ApplicationFailure } from '@temporalio/common';
import { ErrorCode, type WebAPICallError } from '@slack/web-api';

// Error codes of chat.postMessage that another attempt cannot fix, each with
// the Temporal failure type and the action that fixes it.
const permanentErrors: Record<string, { type: string; fix: (channel: string) => string }> = {
  not_in_channel: {
    type: 'SlackNotInChannel',
    fix: (channel) => `the Slack app is not a member of ${channel}: invite the app to ${channel} (type /invite @the-app-name in the channel)`,
  },
  channel_not_found: {
    type: 'SlackChannelNotFound',
    fix: (channel) =>
      `no channel ${channel} is visible to the Slack app: correct the Slack channel in the integration's notification settings, or invite the app if ${channel} is private`,
  },
  is_archived: {
    type: 'SlackChannelArchived',
    fix: (channel) => `${channel} is archived: unarchive it, or choose another channel in the integration's notification settings`,
  },
  invalid_auth: { type: 'SlackInvalidAuth', fix: () => invalidTokenFix },
  not_authed: { type: 'SlackInvalidAuth', fix: () => invalidTokenFix },
  token_revoked: { type: 'SlackInvalidAuth', fix: () => invalidTokenFix },
  token_expired: { type: 'SlackInvalidAuth', fix: () => invalidTokenFix },
  account_inactive: { type: 'SlackInvalidAuth', fix: () => invalidTokenFix },
  missing_scope: {
    type: 'SlackMissingScope',
    fix: () => 'the Slack app lacks the chat:write scope: add it under OAuth & Permissions, reinstall the app and update SLACK_BOT_TOKEN',
  },
  invalid_blocks: { type: 'SlackMessageRejected', fix: () => messageFormatFix },
  invalid_blocks_format: { type: 'SlackMessageRejected', fix: () => messageFormatFix },
  msg_too_long: { type: 'SlackMessageRejected', fix: () => messageFormatFix },
  no_text: { type: 'SlackMessageRejected', fix: () => messageFormatFix },
  invalid_arguments: { type: 'SlackMessageRejected', fix: () => messageFormatFix },
};

const invalidTokenFix = 'the bot token is invalid or revoked: set SLACK_BOT_TOKEN to the Slack app\'s current bot token (xoxb-...) and restart the worker';
const messageFormatFix = 'Slack rejected the message that iconik-delivery built, which is a bug: report it with the delivery id';

/**
 * Converts an error of the Slack Web API client into a Temporal failure:
 * non-retryable for the error codes in `permanentErrors`, retryable after the
 * Retry-After delay for a rate limit, and retryable with the normal backoff
 * for anything else (network errors, HTTP 5xx, internal_error).
 */
export function slackFailure(error: unknown, channel: string): ApplicationFailure {
  const slackError = error as Partial<WebAPICallError>;

  if (slackError.code === ErrorCode.RateLimitedError && 'retryAfter' in slackError && typeof slackError.retryAfter === 'number') {
    const seconds = slackError.retryAfter;
    return ApplicationFailure.create({
      type: 'SlackRateLimited',
      message: `Slack rate-limited chat.postMessage to ${channel}: retrying after ${seconds} s, the delay Slack sent in Retry-After`,
      nextRetryDelay: seconds * 1000,
    });
  }

  if (slackError.code === ErrorCode.PlatformError && 'data' in slackError && slackError.data !== undefined) {
    const code = slackError.data.error;
    const details = blockErrorsOf(slackError.data);
    const permanent = permanentErrors[code];
    if (permanent !== undefined) {
      return ApplicationFailure.nonRetryable(`Slack rejected chat.postMessage to ${channel} with ${code}${details}: ${permanent.fix(channel)}.`, permanent.type);
    }
    return ApplicationFailure.retryable(`Slack failed chat.postMessage to ${channel} with ${code}${details}; the activity retries.`, 'SlackApiError');
  }

  if (slackError.code === ErrorCode.HTTPError && 'statusCode' in slackError) {
    return ApplicationFailure.retryable(`Slack responded to chat.postMessage to ${channel} with HTTP ${slackError.statusCode}; the activity retries.`, 'SlackApiError');
  }

  const message = error instanceof Error ? error.message : String(error);
  return ApplicationFailure.retryable(`Sending chat.postMessage to ${channel} failed: ${message}; the activity retries.`, 'SlackRequestFailed');
}

// Slack lists what is wrong with the blocks in `errors` on invalid_blocks.
function blockErrorsOf(data: object): string {
  const errors = (data as { errors?: unknown }).errors;
  return Array.isArray(errors) && errors.length > 0 ? ` (${errors.map(String).join('; ')})` : '';
}
