import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Builds a hook that lets a request through only with `Authorization: Bearer
 * <token>` matching the admin token. Both sides are hashed first, so the
 * comparison takes the same time whatever the length or content of the guess.
 */
export function requireAdminToken(adminToken: string) {
  const expected = createHash('sha256').update(adminToken).digest();
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization;
    const match = header === undefined ? null : /^Bearer (.+)$/.exec(header);
    const given = createHash('sha256').update(match?.[1] ?? '').digest();
    if (match === null || !timingSafeEqual(expected, given)) {
      request.log.warn({ route: request.routeOptions.url }, 'admin API call rejected: missing or wrong bearer token');
      await reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: 'unauthorized', message: 'Send the admin API token as "Authorization: Bearer <token>" (ADMIN_API_TOKEN on the server).' });
    }
  };
}
