import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ActionOf,
  AUDIENCES,
  decide,
  type Grant,
  type Owner,
  POLICY,
  type Principal,
  type Resource,
  ROLES,
  type Role,
} from './policy.ts';

const anonymous: Principal = { kind: 'anonymous' };
const user = (roles: Role[], partyId: string, userId = `u-${partyId}`): Principal => ({
  kind: 'user',
  userId,
  partyId,
  roles,
  via: 'token',
});
const resources = Object.keys(POLICY) as Resource[];
const actionsOf = (resource: Resource) => Object.keys(POLICY[resource]) as ActionOf<Resource>[];

describe('access invariants, written by hand', () => {
  it("a nation representative never reads another nation's call-off or demand line", () => {
    const france = user(['nation-rep'], 'FRA');
    for (const resource of ['call-off', 'demand-line'] as const) {
      expect(decide(france, resource, 'read', { partyId: 'DEU' })).toEqual({
        allowed: false,
        refusal: 'hidden',
      });
      expect(decide(france, resource, 'read', { partyId: 'FRA' })).toEqual({
        allowed: true,
        reach: 'own-party',
      });
    }
  });

  it("a supplier never reads another supplier's bid or its content", () => {
    const supplier = user(['supplier-rep'], 'S0001');
    expect(decide(supplier, 'bid', 'read', { partyId: 'S0002' }).allowed).toBe(false);
    expect(decide(supplier, 'sealed-bid-content', 'read', { partyId: 'S0002' }).allowed).toBe(
      false,
    );
    expect(decide(supplier, 'sealed-bid-content', 'read', { partyId: 'S0001' }).allowed).toBe(true);
  });

  it('the public reads nothing that is not published', () => {
    const readable = resources.filter(
      (r) =>
        actionsOf(r).includes('read' as never) && decide(anonymous, r, 'read' as never).allowed,
    );
    // Exchange rates are published by central banks; the agency only records which ones it uses.
    expect(readable.sort()).toEqual(['catalogue', 'exchange-rate', 'party', 'published', 'system']);
  });

  it('nobody writes without a role allowed to', () => {
    for (const resource of resources) {
      for (const action of actionsOf(resource).filter((a) => a !== 'read')) {
        const allowedRoles =
          (POLICY[resource] as Record<string, readonly Grant[]>)[action]?.map((g) => g.audience) ??
          [];
        // Signing in is the one change anyone may attempt.
        if (allowedRoles.includes('public')) {
          expect(`${resource}.${action}`).toBe('session.create');
          continue;
        }
        for (const role of ROLES.filter((r) => !allowedRoles.includes(r))) {
          expect(
            decide(user([role], 'X'), resource, action, { partyId: 'X', userId: 'u-X' }).allowed,
          ).toBe(false);
        }
      }
    }
  });

  it('an administrator never reads bid content, opened or not; nor a nation', () => {
    for (const role of ['admin', 'nation-rep'] as const) {
      expect(
        decide(user([role], 'NSPA'), 'sealed-bid-content', 'read', { partyId: 'S0001' }).allowed,
      ).toBe(false);
    }
  });

  it('an anonymous caller is asked to sign in, a signed-in one without the role is forbidden', () => {
    expect(decide(anonymous, 'user', 'create')).toEqual({
      allowed: false,
      refusal: 'unauthenticated',
    });
    expect(decide(user(['nation-rep'], 'FRA'), 'user', 'create')).toEqual({
      allowed: false,
      refusal: 'forbidden',
    });
  });
});

describe('access decisions, as properties', () => {
  const principalArb: fc.Arbitrary<Principal> = fc.oneof(
    fc.constant(anonymous),
    fc.record({
      kind: fc.constant('user' as const),
      userId: fc.constantFrom('u1', 'u2'),
      partyId: fc.constantFrom('FRA', 'DEU', 'NSPA'),
      roles: fc.subarray([...ROLES]),
      via: fc.constantFrom('session' as const, 'token' as const),
    }),
  );
  const ownerArb: fc.Arbitrary<Owner | undefined> = fc.option(
    fc.oneof(
      fc.record({
        partyId: fc.constantFrom('FRA', 'DEU', 'NSPA'),
        userId: fc.constantFrom('u1', 'u2'),
      }),
      fc.record({ parties: fc.subarray(['FRA', 'DEU', 'NSPA']) }),
    ),
    { nil: undefined },
  );
  const requestArb = fc
    .constantFrom(...resources)
    .chain((resource) => fc.tuple(fc.constant(resource), fc.constantFrom(...actionsOf(resource))));

  it('allows exactly when a grant for one of the caller’s audiences reaches the resource', () => {
    fc.assert(
      fc.property(principalArb, requestArb, ownerArb, (principal, [resource, action], owner) => {
        const grants = (POLICY[resource] as Record<string, readonly Grant[]>)[action] ?? [];
        const audiences =
          principal.kind === 'anonymous' ? ['public'] : ['public', ...principal.roles];
        const brute = grants.some(
          (g) =>
            audiences.includes(g.audience) &&
            (g.reach === 'any' ||
              (principal.kind === 'user' &&
                (owner === undefined ||
                  (g.reach === 'own-party'
                    ? [owner.partyId, ...(owner.parties ?? [])].includes(principal.partyId)
                    : owner.userId === principal.userId)))),
        );
        expect(decide(principal, resource, action, owner).allowed).toBe(brute);
      }),
    );
  });

  it('more roles never take a permission away', () => {
    fc.assert(
      fc.property(
        principalArb,
        fc.constantFrom(...ROLES),
        requestArb,
        ownerArb,
        (principal, extra, [resource, action], owner) => {
          if (principal.kind !== 'user') return;
          const before = decide(principal, resource, action, owner).allowed;
          const after = decide(
            { ...principal, roles: [...principal.roles, extra] },
            resource,
            action,
            owner,
          ).allowed;
          expect(before && !after).toBe(false);
        },
      ),
    );
  });

  it('every audience is named in the table somewhere, and nothing unknown is', () => {
    const named = new Set(
      resources.flatMap((r) =>
        (Object.values(POLICY[r]) as (readonly Grant[])[]).flatMap((grants) =>
          grants.map((g) => g.audience),
        ),
      ),
    );
    expect([...named].every((a) => AUDIENCES.includes(a))).toBe(true);
    expect(AUDIENCES.every((a) => named.has(a))).toBe(true);
  });
});
