import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ChannelDirectory } from './channels';
import type { StandinState } from './state';

const faultSchema = z.object({
  error: z.string().regex(/^[a-z_]+$/, 'expected a Slack error code such as ratelimited or internal_error'),
  count: z.number().int().min(1).default(1),
  retryAfterSeconds: z.number().int().min(0).default(1),
});

/**
 * Registers the stand-in's own endpoints under /_standin, for tests and
 * demos: health, channels, the accepted messages (optionally of one channel)
 * and armed faults.
 */
export function registerAdminRoutes(app: FastifyInstance, deps: { state: StandinState; channels: ChannelDirectory }): void {
  const { state, channels } = deps;

  app.get('/_standin/health', () => ({ ok: true }));

  app.get('/_standin/channels', () => ({ channels: channels.list() }));

  app.get<{ Querystring: { channel?: string } }>('/_standin/messages', (request) => {
    if (request.query.channel === undefined) return { messages: state.messages };
    const channelId = channels.find(request.query.channel)?.id;
    return { messages: state.messages.filter((message) => message.channel === channelId) };
  });

  app.delete('/_standin/messages', (_request, reply) => {
    state.messages.length = 0;
    return reply.code(204).send();
  });

  app.post('/_standin/faults', (request, reply) => {
    const parsed = faultSchema.safeParse(request.body);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
      return reply.code(400).send({ error: `Invalid fault: ${problems.join('; ')}. Send {"error": "ratelimited", "count": 1, "retryAfterSeconds": 2}.` });
    }
    const fault = { error: parsed.data.error, remaining: parsed.data.count, retryAfterSeconds: parsed.data.retryAfterSeconds };
    state.faults.push(fault);
    return reply.code(201).send({ fault });
  });

  app.delete('/_standin/faults', (_request, reply) => {
    state.faults.length = 0;
    return reply.code(204).send();
  });
}
