import type { FastifyPluginAsync } from 'fastify';

/**
 * Combines the simulator's storage protocol routes in one encapsulated
 * plugin. Inside it, no body parser runs: each handler streams `request.raw`
 * itself, so uploads of any size and content type pass through untouched,
 * and the server's JSON parsing stays as it is everywhere else.
 */
export function combineStorageRoutes(...plugins: FastifyPluginAsync[]): FastifyPluginAsync {
  return async (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    for (const plugin of plugins) await app.register(plugin);
  };
}
