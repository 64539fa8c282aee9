import { randomUUID } from 'node:crypto';

/** A new random identifier (UUID v4) for an event or an aggregate. */
export function newId(): string {
  return randomUUID();
}
