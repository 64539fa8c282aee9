import type { Db } from '../platform/db/database.ts';
import { type Notifications, notificationsOf } from '../platform/db/notifications.ts';
import { findTokenHolder } from './store.ts';

/** The channel the database notifies on when a token, its secret or its holder changes. */
const ACCESS_CHANNEL = 'qm_access_changed';

/** An API token with its secret's hash and the user who holds it. */
type TokenHolder = NonNullable<Awaited<ReturnType<typeof findTokenHolder>>>;

// Tokens remembered at most; past this the longest remembered is forgotten first.
const MOST_TOKENS = 10_000;

/**
 * Who holds each API token, remembered between requests: looking it up was the one statement
 * every API call made. Remembered only while the database's notifications are heard: a trigger
 * notifies on any change to a token, its secret or its holder, as the transaction that made it
 * commits, and every server forgets all it remembers on hearing it; a lost listening connection
 * forgets everything too, and nothing is remembered until it listens again. A change this
 * process makes (`whileChanging`) takes effect here at once: nothing read before it or while it
 * runs is remembered. Another process's change takes effect here as its notification arrives.
 * Only tokens found are remembered, whatever their state: revocation and expiry are checked on
 * every request, on what is remembered.
 */
export class TokenHolders {
  private readonly known = new Map<string, TokenHolder>();
  /** Moves on at every forgetting: a lookup begun before it is not remembered. */
  private generation = 0;
  private hearing = false;
  private changing = 0;

  constructor(
    private readonly db: Db,
    notifications: Notifications | undefined = notificationsOf(db),
  ) {
    notifications?.listen(ACCESS_CHANNEL, {
      heard: () => this.forgetAll(),
      listening: () => {
        this.forgetAll();
        this.hearing = true;
      },
      lost: () => {
        this.hearing = false;
        this.forgetAll();
      },
    });
  }

  /** Whether lookups are remembered now: the database's notifications are heard. */
  get remembering(): boolean {
    return this.hearing;
  }

  /** The token and its holder, or undefined when no token has this id. */
  async find(tokenId: string): Promise<TokenHolder | undefined> {
    const known = this.known.get(tokenId);
    if (known !== undefined) return known;
    const generation = this.generation;
    const found = await findTokenHolder(this.db, tokenId);
    if (
      found !== undefined &&
      this.hearing &&
      this.changing === 0 &&
      generation === this.generation
    ) {
      const oldest = this.known.keys().next();
      if (this.known.size >= MOST_TOKENS && oldest.done !== true) this.known.delete(oldest.value);
      this.known.set(tokenId, found);
    }
    return found;
  }

  /** Runs a change this process makes to tokens or their holders (a revocation, new roles). */
  async whileChanging<T>(change: () => Promise<T>): Promise<T> {
    this.changing++;
    this.forgetAll();
    try {
      return await change();
    } finally {
      this.changing--;
      this.forgetAll();
    }
  }

  private forgetAll(): void {
    this.generation++;
    this.known.clear();
  }
}
