/**
 * The architecture of DESIGN.md, checked on every `npm run lint` rather than remembered.
 * A bounded context is a top-level folder of src/ other than platform, cli, web, demo, testing.
 */
const CONTEXTS =
  '(parties|catalogue|rates|demand|tenders|agreements|planning|stocks|support|industry|transparency)';
const TEST = '\\.test\\.ts$';
const MODEL = ['/model\\.ts$', '/model/'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Modules form no cycles.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'platform-imports-no-context',
      severity: 'error',
      comment:
        'platform/ is what every context stands on; it imports none of them (its tests may use src/testing).',
      from: { path: '^src/platform/', pathNot: TEST },
      to: { path: '^src/', pathNot: '^src/platform/' },
    },
    {
      name: 'model-is-pure',
      severity: 'error',
      comment: 'A model holds pure rules: no database, HTTP, ledger writes, clock or file system.',
      from: { path: MODEL, pathNot: TEST },
      to: {
        path: [
          '^src/platform/(db|http)/',
          '^src/platform/(clock|command|master-key|config)\\.ts$',
          '^src/platform/ledger/(append|store|verify|check-chain|migrations|projector)\\.ts$',
          '(^|/)node_modules/(kysely|pg|@electric-sql|fastify|pino)/',
        ],
      },
    },
    {
      name: 'model-does-no-io',
      severity: 'error',
      comment: 'A model reads no files, sockets or processes.',
      from: { path: MODEL, pathNot: TEST },
      to: {
        dependencyTypes: ['core'],
        path: '^(node:)?(fs|fs/promises|net|http|https|child_process|dgram|worker_threads)$',
      },
    },
    {
      name: 'entry-points-are-not-imported',
      severity: 'error',
      comment: 'No context imports cli/, web/ or demo/.',
      from: { path: `^src/${CONTEXTS}/` },
      to: { path: '^src/(cli|web|demo)/' },
    },
    {
      name: 'catalogue-stands-alone',
      severity: 'error',
      comment: 'catalogue/ imports no other context.',
      from: { path: '^src/catalogue/' },
      to: { path: `^src/${CONTEXTS}/`, pathNot: '^src/catalogue/' },
    },
    {
      name: 'agreements-do-not-call-up',
      severity: 'error',
      comment: 'Awards and plans call agreements, never the reverse.',
      from: { path: '^src/agreements/' },
      to: { path: '^src/(tenders|planning)/' },
    },
    {
      name: 'web-talks-http-only',
      severity: 'error',
      comment: 'web/ imports no server code; it talks HTTP with generated types.',
      from: { path: '^src/web/' },
      to: { path: '^src/', pathNot: '^src/web/' },
    },
    {
      name: 'stores-are-private',
      severity: 'error',
      comment:
        "A context's store.ts (its SQL) is for that context alone: others, the CLI included, go through its commands and queries.",
      from: { path: '^src/([^/]+)/' },
      to: { path: `^src/${CONTEXTS}/store(\\.ts$|/)`, pathNot: '^src/$1/' },
    },
    {
      name: 'production-code-uses-no-dev-dependency',
      severity: 'error',
      comment: 'What runs in production must not need a devDependency.',
      from: { path: '^(src|bin)/', pathNot: [TEST, '^src/testing/'] },
      to: { dependencyTypes: ['npm-dev'] },
    },
    {
      name: 'resolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
