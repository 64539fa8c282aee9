import type { Selectable } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { Party } from '../model.ts';
import type { PartiesTable } from './tables.ts';

function toParty(row: Selectable<PartiesTable>): Party {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    iso3: row.iso3,
    ncbCode: row.ncb_code,
    ncage: row.ncage,
    country: row.country,
    groups: row.groups,
  };
}

/** Records a party (projection of PartyRegistered). */
export async function insertParty(db: Executor, party: Party, eventId: string): Promise<void> {
  await db
    .insertInto('parties')
    .values({
      id: party.id,
      kind: party.kind,
      name: party.name,
      iso3: party.iso3,
      ncb_code: party.ncbCode,
      ncage: party.ncage,
      country: party.country,
      groups: party.groups,
      event_id: eventId,
    })
    .execute();
}

/** One party by id. */
export async function findParty(db: Executor, id: string): Promise<Party | undefined> {
  const row = await db.selectFrom('parties').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toParty(row);
}

/** Every party, by kind then id. */
export async function listParties(db: Executor): Promise<Party[]> {
  const rows = await db.selectFrom('parties').selectAll().orderBy('kind').orderBy('id').execute();
  return rows.map(toParty);
}

/** Whether any party has this ISO or NCAGE code already. */
export async function codeTaken(db: Executor, party: Party): Promise<boolean> {
  const row = await db
    .selectFrom('parties')
    .select('id')
    .where((eb) =>
      eb.or([
        eb('id', '=', party.id),
        ...(party.iso3 === null ? [] : [eb('iso3', '=', party.iso3)]),
        ...(party.ncage === null ? [] : [eb('ncage', '=', party.ncage)]),
      ]),
    )
    .executeTakeFirst();
  return row !== undefined;
}
