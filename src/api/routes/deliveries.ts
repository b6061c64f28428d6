import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DeliveryControl } from '../../deliveries/control';

export interface DeliveryRoutesOptions {
  deliveries: DeliveryControl;
}

const tags = ['deliveries'];
// A delivery id is "delivery/<integration id>/<package id>"; in a URL its slashes are encoded as %2F.
const params = z.strictObject({ id: z.string().min(1) });

/** Support staff's view of deliveries: status and progress, retry of failed files, finish. */
// Fastify plugins are async functions even when they register routes synchronously.
// eslint-disable-next-line @typescript-eslint/require-await
export const deliveryRoutes: FastifyPluginAsyncZod<DeliveryRoutesOptions> = async (app, { deliveries }) => {
  app.get('/deliveries/:id', { schema: { tags, summary: "Read a delivery's status, progress and failed files", params } }, async (request) =>
    deliveries.status(request.params.id),
  );

  app.post('/deliveries/:id/retry', { schema: { tags, summary: 'Deliver the failed files of a delivery again', params } }, async (request, reply) => {
    const answer = await deliveries.retryFailedFiles(request.params.id);
    request.log.info({ deliveryId: request.params.id, requeued: answer.requeued }, 'failed files queued again');
    return reply.code(202).send(answer);
  });

  app.post('/deliveries/:id/finish', { schema: { tags, summary: 'End a delivery that waits with failed files', params } }, async (request) => {
    const answer = await deliveries.finish(request.params.id);
    request.log.info({ deliveryId: request.params.id }, 'delivery finished by support');
    return answer;
  });
};
