import { writeFile } from 'node:fs/promises';
import { api, migrations, projectors } from '../src/contexts.ts';
import { renderSecurityDoc } from '../src/platform/access/render.ts';
import { systemClock } from '../src/platform/clock.ts';
import { openDatabase } from '../src/platform/db/connect.ts';
import { buildApp } from '../src/platform/http/server.ts';

// The routes are read off the API as it registers them, on a throwaway in-memory database.
const database = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
const { routes, authenticate } = api({ db: database.db, clock: systemClock, projectors });
const app = await buildApp({ db: database.db, migrations, routes, authenticate, version: 'docs' });
await app.ready();
await writeFile('docs/security.md', renderSecurityDoc(app.declaredRoutes));
await app.close();
await database.close();
process.stdout.write('wrote docs/security.md\n');
