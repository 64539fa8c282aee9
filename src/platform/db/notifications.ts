import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Db } from './database.ts';

/** What hears a channel's notifications, and whether it can count on hearing them. */
export interface Hearer {
  /** A notification arrived (the transaction that sent it has committed). */
  heard(): void;
  /** Listening has begun, or begun again: anything sent while it was not was missed. */
  listening(): void;
  /** Listening has stopped (the connection was lost): nothing will be heard until `listening`. */
  lost(): void;
}

/** The notifications of one database: one listening connection, shared by every hearer. */
export interface Notifications {
  listen(channel: string, hearer: Hearer): void;
  close(): Promise<void>;
}

// A lost connection is opened again after this long, for as long as the database is open.
const RECONNECT_MS = 1_000;

/** Channels are our own constants: refuse anything that would need quoting. */
function checkChannel(channel: string): void {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
}

/** A set of hearers per channel, told what the connection hears and whether it is listening. */
class Hearers {
  readonly byChannel = new Map<string, Set<Hearer>>();
  listening = false;

  add(channel: string, hearer: Hearer): boolean {
    const hearers = this.byChannel.get(channel) ?? new Set<Hearer>();
    const fresh = hearers.size === 0;
    hearers.add(hearer);
    this.byChannel.set(channel, hearers);
    return fresh;
  }

  tell(channel: string, what: keyof Hearer): void {
    for (const hearer of this.byChannel.get(channel) ?? []) hearer[what]();
  }

  tellAll(what: keyof Hearer): void {
    for (const channel of this.byChannel.keys()) this.tell(channel, what);
  }
}

/**
 * PostgreSQL: a connection of its own (not one of the pool's, which are handed from query to
 * query) LISTENs on every channel asked for; lost, it is opened again, and its hearers are told
 * both. It does not keep the process alive.
 */
export function postgresNotifications(url: string): Notifications {
  const hearers = new Hearers();
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  const lose = (lost: pg.Client) => {
    if (client !== lost) return;
    client = undefined;
    void lost.end().catch(() => undefined);
    if (hearers.listening) hearers.tellAll('lost');
    hearers.listening = false;
    if (!closed) retry = setTimeout(connect, RECONNECT_MS).unref();
  };
  const connect = async () => {
    if (closed || client !== undefined) return;
    const opening = new pg.Client({ connectionString: url });
    client = opening;
    opening.on('error', () => lose(opening));
    opening.on('end', () => lose(opening));
    opening.on('notification', (message) => hearers.tell(message.channel, 'heard'));
    try {
      await opening.connect();
      // pg's Client has unref (its socket's), which its types leave out.
      (opening as unknown as { unref(): void }).unref();
      for (const channel of hearers.byChannel.keys()) await opening.query(`LISTEN ${channel}`);
      if (client !== opening) return;
      hearers.listening = true;
      hearers.tellAll('listening');
    } catch {
      lose(opening);
    }
  };
  return {
    listen(channel, hearer) {
      checkChannel(channel);
      const fresh = hearers.add(channel, hearer);
      if (client === undefined) {
        void connect();
        return;
      }
      if (!hearers.listening) return;
      if (!fresh) {
        hearer.listening();
        return;
      }
      const listening = client;
      hearers.listening = false;
      hearers.tellAll('lost');
      listening.query(`LISTEN ${channel}`).then(
        () => {
          if (client !== listening) return;
          hearers.listening = true;
          hearers.tellAll('listening');
        },
        () => lose(listening),
      );
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      const open = client;
      client = undefined;
      await open?.end().catch(() => undefined);
    },
  };
}

/** PGlite: in the process itself, nothing to lose. */
export function pgliteNotifications(pglite: PGlite): Notifications {
  const hearers = new Hearers();
  const ready = new Set<string>();
  const stops: (() => Promise<void>)[] = [];
  return {
    listen(channel, hearer) {
      checkChannel(channel);
      if (!hearers.add(channel, hearer)) {
        if (ready.has(channel)) hearer.listening();
        return;
      }
      void pglite
        .listen(channel, () => hearers.tell(channel, 'heard'))
        .then((stop) => {
          stops.push(stop);
          ready.add(channel);
          hearers.tell(channel, 'listening');
        });
    },
    async close() {
      for (const stop of stops.splice(0)) await stop().catch(() => undefined);
    },
  };
}

const notificationsByDb = new WeakMap<Db, Notifications>();

/** Makes `notifications` those of `db`, for `notificationsOf`. */
export function registerNotifications(db: Db, notifications: Notifications): void {
  notificationsByDb.set(db, notifications);
}

/** The notifications of a database opened by `openDatabase`; undefined for any other handle. */
export function notificationsOf(db: Db): Notifications | undefined {
  return notificationsByDb.get(db);
}
