import { effectiveRoles } from '../http/auth';
import type { SimRoute } from '../http/routing';
import type { RouteContext } from './context';

export function authAndUserRoutes(context: RouteContext): SimRoute[] {
  return [
    {
      method: 'GET',
      service: 'auth',
      specPath: '/v1/auth/token/',
      handle: () => ({ status: 200, body: {} }),
    },
    {
      // Iconik revokes the calling token on DELETE; the simulator does the same, so a client that calls it learns at once.
      method: 'DELETE',
      service: 'auth',
      specPath: '/v1/auth/token/',
      handle: (request) => {
        for (const token of context.store.state.appTokens) {
          if (token.app_id === request.principal.appId && token.user_id === request.principal.user.id) token.revoked = true;
        }
        request.log.warn({ appId: request.principal.appId, userId: request.principal.user.id }, 'application token revoked by DELETE /API/auth/v1/auth/token/');
        return { status: 200, body: {} };
      },
    },
    {
      method: 'GET',
      service: 'users',
      specPath: '/v1/users/current/',
      handle: (request) => {
        const user = request.principal.user;
        return {
          status: 200,
          body: {
            id: user.id,
            email: user.email,
            first_name: user.first_name,
            last_name: user.last_name,
            type: user.type,
            status: user.status,
            is_admin: user.is_admin,
            groups: user.groups,
            ...(user.groups[0] === undefined ? {} : { primary_group: user.groups[0] }),
          },
        };
      },
    },
    {
      method: 'GET',
      service: 'users',
      specPath: '/v1/users/current/roles/',
      handle: (request) => ({ status: 200, body: { objects: effectiveRoles(context.store.state, request.principal.user) } }),
    },
  ];
}
