import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { seedCatalogue } from '../catalogue/seed.ts';
import { api, migrations, projectors } from '../contexts.ts';
import { createUser, issueToken, registerParty } from '../parties/commands.ts';
import { hashPassword, type Party } from '../parties/model.ts';
import type { Principal, Role } from '../platform/access/policy.ts';
import { ROLES } from '../platform/access/policy.ts';
import type { Clock } from '../platform/clock.ts';
import { type CommandRuntime, runCommand } from '../platform/command.ts';
import type { Db } from '../platform/db/database.ts';
import { buildApp } from '../platform/http/server.ts';

/** A clock a test can move. */
interface TestClock extends Clock {
  advance(ms: number): void;
}

/** Starts at the seeds' date, 28 September 2023, and moves only when told. */
function testClock(start = new Date('2023-09-28T09:00:00.000Z')): TestClock {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
  };
}

/** A signed-in caller of the fixtures: a user, their party, a full-scope API token. */
export interface Caller {
  role: Role;
  userId: string;
  username: string;
  partyId: string;
  password: string;
  bearer: string;
  principal: Principal;
}

/** The parties and users every access test starts from: for each role, two users of two parties. */
export interface AccessWorld {
  app: FastifyInstance;
  runtime: CommandRuntime;
  clock: TestClock;
  /** For each role: the caller, and another user of that role (of another party where the role has one). */
  callers: Record<Role, { own: Caller; other: Caller }>;
  /** A fresh token for a user, for tests that revoke or expire one. */
  issueBearer(
    userId: string,
    scopes?: Role[],
    days?: number,
  ): Promise<{ id: string; bearer: string }>;
}

const PASSWORD = 'correct horse battery staple';

const PARTIES: Party[] = [
  {
    id: 'NSPA',
    kind: 'agency',
    name: 'NATO Support and Procurement Agency',
    iso3: null,
    ncbCode: null,
    ncage: null,
    country: null,
    groups: ['NATO'],
  },
  {
    id: 'FRA',
    kind: 'nation',
    name: 'France',
    iso3: 'FRA',
    ncbCode: '14',
    ncage: null,
    country: null,
    groups: ['NATO', 'EU'],
  },
  {
    id: 'DEU',
    kind: 'nation',
    name: 'Germany',
    iso3: 'DEU',
    ncbCode: '12',
    ncage: null,
    country: null,
    groups: ['NATO', 'EU'],
  },
  {
    id: 'F0001',
    kind: 'supplier',
    name: 'Arsenal Nord (illustrative)',
    iso3: null,
    ncbCode: null,
    ncage: 'F0001',
    country: 'FRA',
    groups: [],
  },
  {
    id: 'D0002',
    kind: 'supplier',
    name: 'Rheinwerk Munition (illustrative)',
    iso3: null,
    ncbCode: null,
    ncage: 'D0002',
    country: 'DEU',
    groups: [],
  },
];

const HOME: Record<Role, [string, string]> = {
  'agency-officer': ['NSPA', 'NSPA'],
  evaluator: ['NSPA', 'NSPA'],
  admin: ['NSPA', 'NSPA'],
  auditor: ['NSPA', 'NSPA'],
  'nation-rep': ['FRA', 'DEU'],
  'supplier-rep': ['F0001', 'D0002'],
};

/** Builds the fixtures on an empty database and the API over them. */
export async function accessWorld(
  db: Db,
  options: { trustProxy?: boolean } = {},
): Promise<AccessWorld> {
  const clock = testClock();
  const runtime: CommandRuntime = { db, clock, projectors, masterKey: randomBytes(32) };
  for (const party of PARTIES) {
    await runCommand(runtime, 'test', (scope) => registerParty(scope, party));
  }
  await seedCatalogue(runtime);
  const passwordHash = await hashPassword(PASSWORD);

  const issueBearer = async (userId: string, scopes: Role[] = [], days = 30) => {
    const issued = await runCommand(runtime, 'test', (scope) =>
      issueToken(scope, {
        userId,
        label: 'test',
        scopes,
        expiresAt: new Date(scope.now.getTime() + days * 86_400_000),
      }),
    );
    return { id: issued.token.id, bearer: issued.secret };
  };

  const makeCaller = async (role: Role, partyId: string, which: string): Promise<Caller> => {
    const username = `${role}.${which}`.replace(/[^a-z0-9.-]/g, '');
    const user = await runCommand(runtime, 'test', (scope) =>
      createUser(scope, { username, displayName: username, partyId, roles: [role], passwordHash }),
    );
    const { bearer } = await issueBearer(user.id);
    return {
      role,
      userId: user.id,
      username,
      partyId,
      password: PASSWORD,
      bearer,
      principal: { kind: 'user', userId: user.id, partyId, roles: [role], via: 'token' },
    };
  };

  const callers = {} as Record<Role, { own: Caller; other: Caller }>;
  for (const role of ROLES) {
    const [ownParty, otherParty] = HOME[role];
    callers[role] = {
      own: await makeCaller(role, ownParty, 'own'),
      other: await makeCaller(role, otherParty, 'other'),
    };
  }
  const { routes, authenticate } = api(runtime);
  const app = await buildApp({
    db,
    migrations,
    routes,
    authenticate,
    version: 'test',
    trustProxy: options.trustProxy ?? false,
  });
  return { app, runtime, clock, callers, issueBearer };
}
