// The parties context's only SQL lives in store/, one file per table family; the rest of the
// context imports it through this door.
export * from './store/parties.ts';
export * from './store/sessions.ts';
export type { ApiToken, User } from './store/tables.ts';
export * from './store/tokens.ts';
export * from './store/users.ts';

/** Tables rebuilt by replay; the others are primary data. */
export const PROJECTED_TABLES = ['parties', 'users', 'api_tokens'] as const;
