import type { RouteExamples } from '../testing/route-example.ts';

/** Requests for every route of the parties context, for the access matrix. */
export const partiesRouteExamples: RouteExamples = {
  'POST /sessions': ({ target }) => ({
    payload: { username: target.username, password: target.password },
  }),
  'GET /sessions/current': () => ({}),
  'DELETE /sessions/current': () => ({}),
  'GET /parties': () => ({}),
  'GET /parties/:id': ({ target }) => ({
    url: `/parties/${target.partyId}`,
    owner: { partyId: target.partyId },
  }),
  'POST /parties': ({ unique }) => ({
    payload: { id: `T${unique().slice(0, 8).toUpperCase()}`, kind: 'agency', name: 'Test Agency' },
  }),
  'GET /users': () => ({}),
  'GET /users/:id': ({ target }) => ({
    url: `/users/${target.userId}`,
    owner: { userId: target.userId, partyId: target.partyId },
  }),
  'POST /users': ({ unique }) => ({
    payload: {
      username: `new.${unique()}`,
      displayName: 'New Representative',
      partyId: 'FRA',
      roles: ['nation-rep'],
      password: 'a password long enough',
    },
  }),
  'PUT /users/:id/roles': ({ target }) => ({
    url: `/users/${target.userId}/roles`,
    payload: { roles: [target.role] },
    owner: { userId: target.userId, partyId: target.partyId },
  }),
  'PUT /users/:id/password': ({ target }) => ({
    url: `/users/${target.userId}/password`,
    payload: { currentPassword: target.password, newPassword: target.password },
    owner: { userId: target.userId, partyId: target.partyId },
  }),
  'GET /tokens': () => ({}),
  'POST /tokens': ({ caller }) => ({
    payload: { label: 'matrix' },
    owner: caller === undefined ? {} : { userId: caller.userId },
  }),
  'DELETE /tokens/:id': async ({ world, target }) => {
    const { id } = await world.issueBearer(target.userId);
    return { url: `/tokens/${id}`, owner: { userId: target.userId } };
  },
};
