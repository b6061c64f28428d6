import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../logging/logger';
import { findBlockErrors } from './block-limits';
import type { ChannelDirectory } from './channels';
import type { PostedMessage, StandinState } from './state';

// Slack documents 40,000 characters as the maximum of a message's text. The
// stand-in rejects longer text with msg_too_long, an error Slack lists for chat.postMessage.
const maxTextLength = 40_000;

// Ids of the stand-in's workspace, bot user and app, shaped like Slack's.
const teamId = 'T0STANDIN';
const botUserId = 'U0STANDIN';
const botId = 'B0STANDIN';
const appId = 'A0STANDIN';

export interface PostMessageDependencies {
  token: string;
  channels: ChannelDirectory;
  state: StandinState;
  logger: Logger;
}

type PostMessageResponse = { ok: true; channel: string; ts: string; message: Record<string, unknown> } | { ok: false; error: string; [field: string]: unknown };

/**
 * Registers `POST /api/chat.postMessage`, which checks a request as Slack's
 * Web API does and responds in its format. A success is HTTP 200 with
 * `ok: true` and the message, and an error is HTTP 200 with `ok: false` and
 * an error code. An armed `ratelimited` fault returns HTTP 429 with Retry-After.
 */
export function registerPostMessage(app: FastifyInstance, deps: PostMessageDependencies): void {
  app.post('/api/chat.postMessage', async (request, reply) => {
    const fault = deps.state.takeFault();
    if (fault?.error === 'ratelimited') {
      deps.logger.info({ retryAfterSeconds: fault.retryAfterSeconds }, 'Slack stand-in responded ratelimited because a fault was armed');
      return send(reply.code(429).header('retry-after', String(fault.retryAfterSeconds)), { ok: false, error: 'ratelimited' });
    }
    if (fault !== undefined) {
      deps.logger.info({ error: fault.error }, 'Slack stand-in responded with an armed fault');
      return send(reply, { ok: false, error: fault.error });
    }
    return send(reply, postMessage(request, deps));
  });
}

function postMessage(request: FastifyRequest, deps: PostMessageDependencies): PostMessageResponse {
  const encoding = request.headers['content-type']?.startsWith('application/json') === true ? 'json' : 'form';
  const body = isRecord(request.body) ? request.body : {};

  const token = bearerToken(request.headers.authorization) ?? (encoding === 'form' && typeof body.token === 'string' ? body.token : undefined);
  if (token === undefined || token === '') return { ok: false, error: 'not_authed' };
  if (token !== deps.token) return { ok: false, error: 'invalid_auth' };

  const channelParameter = typeof body.channel === 'string' ? body.channel : '';
  if (channelParameter === '') return { ok: false, error: 'channel_not_found' };
  const channel = deps.channels.find(channelParameter);
  if (channel === undefined) return { ok: false, error: 'channel_not_found' };
  if (!channel.appIsMember) return { ok: false, error: 'not_in_channel' };

  const text = typeof body.text === 'string' && body.text !== '' ? body.text : null;
  const blocks = readBlocks(body.blocks, encoding);
  if (blocks === 'invalid') return { ok: false, error: 'invalid_blocks_format' };
  if (blocks !== null) {
    const errors = findBlockErrors(blocks);
    if (errors.length > 0) return { ok: false, error: 'invalid_blocks', errors, response_metadata: { messages: errors.map((line) => `[ERROR] ${line}`) } };
  }
  if (text === null && (blocks === null || blocks.length === 0)) return { ok: false, error: 'no_text' };
  if (text !== null && text.length > maxTextLength) return { ok: false, error: 'msg_too_long' };

  const ts = deps.state.nextTs();
  const posted: PostedMessage = { channel: channel.id, channelName: channel.name, ts, text, blocks, encoding, receivedAt: new Date().toISOString() };
  deps.state.messages.push(posted);
  deps.logger.info({ channel: channel.id, channelName: channel.name, ts, encoding }, 'Slack stand-in accepted a message');

  const message: Record<string, unknown> = { type: 'message', subtype: 'bot_message', text: text ?? '', user: botUserId, bot_id: botId, app_id: appId, team: teamId, ts };
  if (blocks !== null) message.blocks = blocks;
  return { ok: true, channel: channel.id, ts, message };
}

// A form body carries blocks as a JSON string; a JSON body carries the array itself.
function readBlocks(value: unknown, encoding: 'form' | 'json'): unknown[] | null | 'invalid' {
  if (value === undefined || value === null || value === '') return null;
  let parsed: unknown = value;
  if (encoding === 'form' && typeof value === 'string') {
    try {
      parsed = JSON.parse(value) as unknown;
    } catch {
      return 'invalid';
    }
  }
  return Array.isArray(parsed) ? parsed : 'invalid';
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

function send(reply: FastifyReply, response: PostMessageResponse): FastifyReply {
  return reply.header('content-type', 'application/json; charset=utf-8').send(response);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
