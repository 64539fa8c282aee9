/**
 * What other parts of the system may read about parties, users and tokens: the read side of this
 * context, answered from its projection tables.
 */

export {
  findParty,
  findToken,
  findUser,
  findUserByName,
  listParties,
  listTokens,
  listUsers,
} from './store.ts';
