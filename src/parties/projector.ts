import type { Projector } from '../platform/ledger/projector.ts';
import { partyEvents } from './events.ts';
import {
  insertParty,
  insertToken,
  insertUser,
  markTokenRevoked,
  PROJECTED_TABLES,
  updateRoles,
} from './store.ts';

/** Keeps `parties`, `users` and `api_tokens` in step with the ledger. */
export const partiesProjector: Projector = {
  name: 'parties',
  tables: PROJECTED_TABLES,
  async project(trx, events) {
    for (const event of events) {
      switch (event.type) {
        case 'PartyRegistered':
          await insertParty(trx, partyEvents.PartyRegistered.parse(event.payload), event.id);
          break;
        case 'UserCreated':
          await insertUser(trx, partyEvents.UserCreated.parse(event.payload), event.id);
          break;
        case 'RolesChanged': {
          const { userId, roles } = partyEvents.RolesChanged.parse(event.payload);
          await updateRoles(trx, userId, roles, event.id);
          break;
        }
        case 'TokenIssued':
          await insertToken(
            trx,
            { ...partyEvents.TokenIssued.parse(event.payload), revokedAt: null },
            event.id,
          );
          break;
        case 'TokenRevoked': {
          const { tokenId, revokedAt } = partyEvents.TokenRevoked.parse(event.payload);
          await markTokenRevoked(trx, tokenId, revokedAt, event.id);
          break;
        }
      }
    }
  },
};
