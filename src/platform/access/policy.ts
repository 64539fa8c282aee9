/**
 * Who may do what: the one authorisation table of Quartermaster. Each route names a resource and
 * an action; `decide` answers from this table by role and, for resources owned by a party or a
 * user, by whose they are. Anything not granted here is refused (deny by default).
 */

/** The roles a user can hold. Anonymous callers have the `public` audience only. */
export const ROLES = [
  'agency-officer',
  'evaluator',
  'nation-rep',
  'supplier-rep',
  'auditor',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];
export type Audience = Role | 'public';
export const AUDIENCES: readonly Audience[] = ['public', ...ROLES];

/**
 * How far a grant reaches: everything of that resource, only what belongs to the caller's party,
 * or only what belongs to the caller as a user.
 */
export type Reach = 'any' | 'own-party' | 'own-user';

/** One line of the table: an audience may do an action, within a reach. */
export interface Grant {
  audience: Audience;
  reach: Reach;
}

const everyone: Grant[] = AUDIENCES.map((audience) => ({ audience, reach: 'any' }));
const everySignedIn = (reach: Reach): Grant[] => ROLES.map((audience) => ({ audience, reach }));

/**
 * The table. Resources of contexts that have no routes yet are listed too, so that their rules
 * are decided — and tested — before the first route serves them.
 */
export const POLICY = {
  system: { read: everyone },
  session: {
    create: [{ audience: 'public', reach: 'any' }],
    read: everySignedIn('own-user'),
    delete: everySignedIn('own-user'),
  },
  party: {
    read: everyone,
    create: [
      { audience: 'admin', reach: 'any' },
      { audience: 'agency-officer', reach: 'any' },
    ],
  },
  user: {
    read: [
      { audience: 'admin', reach: 'any' },
      { audience: 'auditor', reach: 'any' },
    ],
    create: [{ audience: 'admin', reach: 'any' }],
    'change-roles': [{ audience: 'admin', reach: 'any' }],
    'change-password': everySignedIn('own-user'),
  },
  token: {
    read: [
      ...everySignedIn('own-user'),
      { audience: 'admin', reach: 'any' },
      { audience: 'auditor', reach: 'any' },
    ],
    issue: everySignedIn('own-user'),
    revoke: [...everySignedIn('own-user'), { audience: 'admin', reach: 'any' }],
  },
  catalogue: {
    read: everyone,
    write: [
      { audience: 'agency-officer', reach: 'any' },
      { audience: 'admin', reach: 'any' },
    ],
  },
  /** Items marked restricted: the catalogue minus what the public may see. */
  'restricted-catalogue': { read: everySignedIn('any') },
  /** A nation's fleet and the level it accepts per family. */
  fleet: {
    read: everySignedIn('any'),
    write: [
      { audience: 'nation-rep', reach: 'own-party' },
      { audience: 'agency-officer', reach: 'any' },
    ],
  },
  'demand-line': {
    read: [
      { audience: 'nation-rep', reach: 'own-party' },
      { audience: 'agency-officer', reach: 'any' },
      { audience: 'auditor', reach: 'any' },
    ],
    write: [{ audience: 'nation-rep', reach: 'own-party' }],
  },
  /** A framework agreement: its participating nations' and its suppliers'. */
  agreement: {
    read: [
      { audience: 'nation-rep', reach: 'own-party' },
      { audience: 'supplier-rep', reach: 'own-party' },
      { audience: 'agency-officer', reach: 'any' },
      { audience: 'auditor', reach: 'any' },
    ],
    write: [{ audience: 'agency-officer', reach: 'any' }],
  },
  /** A firm order: its nation's and its supplier's. */
  'call-off': {
    read: [
      { audience: 'nation-rep', reach: 'own-party' },
      { audience: 'supplier-rep', reach: 'own-party' },
      { audience: 'agency-officer', reach: 'any' },
      { audience: 'auditor', reach: 'any' },
    ],
    write: [{ audience: 'nation-rep', reach: 'own-party' }],
    confirm: [{ audience: 'supplier-rep', reach: 'own-party' }],
    amend: [
      { audience: 'nation-rep', reach: 'own-party' },
      { audience: 'agency-officer', reach: 'any' },
    ],
    cancel: [
      { audience: 'nation-rep', reach: 'own-party' },
      { audience: 'agency-officer', reach: 'any' },
    ],
    deliver: [{ audience: 'supplier-rep', reach: 'own-party' }],
    'accept-delivery': [{ audience: 'nation-rep', reach: 'own-party' }],
  },
  /** Published exchange rates: public facts, entered by the agency. */
  'exchange-rate': {
    read: everyone,
    write: [
      { audience: 'agency-officer', reach: 'any' },
      { audience: 'admin', reach: 'any' },
    ],
  },
  /**
   * A tender. Signed-in users read published tenders (drafts stay with the agency); the agency runs
   * it, suppliers ask questions and challenge awards, evaluators mark bids after the opening.
   */
  tender: {
    read: everySignedIn('any'),
    write: [{ audience: 'agency-officer', reach: 'any' }],
    ask: [{ audience: 'supplier-rep', reach: 'any' }],
    challenge: [{ audience: 'supplier-rep', reach: 'any' }],
    evaluate: [{ audience: 'evaluator', reach: 'any' }],
    'read-evaluation': [
      { audience: 'agency-officer', reach: 'any' },
      { audience: 'evaluator', reach: 'any' },
      { audience: 'auditor', reach: 'any' },
    ],
  },
  /** A bid's envelope (who bid, when); its sealed content is a resource of its own. */
  bid: {
    read: [
      { audience: 'supplier-rep', reach: 'own-party' },
      { audience: 'agency-officer', reach: 'any' },
      { audience: 'evaluator', reach: 'any' },
      { audience: 'auditor', reach: 'any' },
    ],
    write: [{ audience: 'supplier-rep', reach: 'own-party' }],
  },
  /**
   * What a bid offers. Before the tender's opening nobody reads it — not the agency, an auditor, an
   * administrator, nor the supplier that made it: the tenders context answers BID_SEALED to every
   * role, whatever this table grants. From the opening on, these grants apply: the agency, its
   * evaluators (once they have declared no conflict of interest) and auditors read every opened
   * bid, a supplier its own.
   */
  'sealed-bid-content': {
    read: [
      { audience: 'supplier-rep', reach: 'own-party' },
      { audience: 'agency-officer', reach: 'any' },
      { audience: 'evaluator', reach: 'any' },
      { audience: 'auditor', reach: 'any' },
    ],
  },
  published: { read: everyone },
  /** A supplier's production line of an item: the agency plans with every line, a supplier its own. */
  'production-line': {
    read: [
      { audience: 'supplier-rep', reach: 'own-party' },
      { audience: 'agency-officer', reach: 'any' },
      { audience: 'auditor', reach: 'any' },
    ],
    write: [
      { audience: 'supplier-rep', reach: 'own-party' },
      { audience: 'agency-officer', reach: 'any' },
    ],
  },
  /**
   * A plan of deliveries. The agency computes plans and tries scenarios; a nation reads every plan,
   * narrowed to its own lines, shares and explanation beside the pooled totals (another nation's
   * lines are its own business, as in demand). Suppliers see their lines, not who gets what.
   * The agency and auditors may compute a stored plan again from its input to check it.
   */
  plan: {
    read: [
      { audience: 'nation-rep', reach: 'own-party' },
      { audience: 'agency-officer', reach: 'any' },
      { audience: 'auditor', reach: 'any' },
    ],
    compute: [{ audience: 'agency-officer', reach: 'any' }],
    'what-if': [{ audience: 'agency-officer', reach: 'any' }],
    recompute: [
      { audience: 'agency-officer', reach: 'any' },
      { audience: 'auditor', reach: 'any' },
    ],
  },
} as const satisfies Record<string, Record<string, readonly Grant[]>>;

export type Resource = keyof typeof POLICY;
export type ActionOf<R extends Resource> = keyof (typeof POLICY)[R] & string;

/** Who is asking: nobody, or a user of a party holding roles (narrowed by a token's scopes). */
export type Principal =
  | { kind: 'anonymous' }
  | {
      kind: 'user';
      userId: string;
      partyId: string;
      roles: readonly Role[];
      via: 'session' | 'token';
    };

/** How a principal is named as the actor of the ledger events its commands append. */
export function actorOf(principal: Principal): string {
  return principal.kind === 'user' ? `user:${principal.userId}` : 'public';
}

/** Whose a resource is, as far as the policy cares. */
export interface Owner {
  partyId?: string;
  /** For a resource several parties share: a call-off is its nation's and its supplier's. */
  parties?: readonly string[];
  userId?: string;
}

/**
 * The answer: allowed, with the widest reach that applies (a list route filters to it); or refused
 * as unauthenticated (401), forbidden for every role the caller holds (403), or hidden because it
 * belongs to someone else (404, so that its existence is not disclosed).
 */
export type Decision =
  | { allowed: true; reach: Reach }
  | { allowed: false; refusal: 'unauthenticated' | 'forbidden' | 'hidden' };

function audiencesOf(principal: Principal): Audience[] {
  return principal.kind === 'anonymous' ? ['public'] : ['public', ...principal.roles];
}

function reaches(grant: Grant, principal: Principal, owner: Owner | undefined): boolean {
  if (grant.reach === 'any') return true;
  if (principal.kind === 'anonymous') return false;
  // Without an owner (a list), an own-reach grant allows and the route filters to what is owned.
  if (owner === undefined) return true;
  return grant.reach === 'own-party'
    ? owner.partyId === principal.partyId || (owner.parties ?? []).includes(principal.partyId)
    : owner.userId === principal.userId;
}

const WIDTH: Record<Reach, number> = { any: 2, 'own-party': 1, 'own-user': 0 };

/** Decides one request: a principal doing an action on a resource, owned by `owner` if known. */
export function decide<R extends Resource>(
  principal: Principal,
  resource: R,
  action: ActionOf<R>,
  owner?: Owner,
): Decision {
  const grants = (POLICY[resource] as Record<string, readonly Grant[]>)[action] ?? [];
  const held = audiencesOf(principal);
  const mine = grants.filter((g) => held.includes(g.audience));
  const fitting = mine.filter((g) => reaches(g, principal, owner));
  if (fitting.length > 0) {
    const widest = fitting.reduce((a, b) => (WIDTH[b.reach] > WIDTH[a.reach] ? b : a));
    return { allowed: true, reach: widest.reach };
  }
  if (mine.length > 0) return { allowed: false, refusal: 'hidden' };
  if (principal.kind === 'anonymous' && grants.length > 0)
    return { allowed: false, refusal: 'unauthenticated' };
  return { allowed: false, refusal: 'forbidden' };
}
