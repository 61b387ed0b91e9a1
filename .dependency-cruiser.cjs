/**
 * The house rules, checked by `npm run lint:deps` (CI runs it): imports point down the stack,
 *
 *   app.ts, server.ts, cli/             composition: may import anything
 *   routes/, web/                       the edge: JSON routes and pages
 *   http/                               edge plumbing: error mapping, body parsing, idempotency
 *   documents/                          the pipeline: case-file → context → template → model → render
 *   auth/                               principals, sessions, keys, access rules, audit
 *   consent/                            who may be named; redaction and identity shaping
 *   demo/                               the demo bundle and its loader
 *   records/                            case records: domain, services, repositories (all SQL)
 *   db/, config/, shared/               connections and tables; configuration; problems and domain errors
 *
 * and never in a circle. Type-only imports count too: a type is a dependency like any other.
 */
const layer = (name, path, mayImport) => ({ name, path, mayImport });
const LAYERS = [
  layer('edge', '^src/(routes|web)/', ['http', 'documents', 'auth', 'consent', 'demo', 'records', 'base']),
  layer('http', '^src/http/', ['auth', 'base']),
  layer('documents', '^src/documents/', ['consent', 'records', 'base']),
  layer('auth', '^src/auth/', ['consent', 'records', 'base']),
  layer('consent', '^src/consent/', ['records', 'base']),
  layer('demo', '^src/demo/', ['records', 'base']),
  layer('records', '^src/records/', ['base']),
  layer('base', '^src/(db|config|shared)/', ['base']),
];
const pathOf = (names) => LAYERS.filter((l) => names.includes(l.name)).map((l) => l.path);

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle means two modules cannot be read (or tested) one without the other.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...LAYERS.map((l) => ({
      name: `${l.name}-imports-down`,
      severity: 'error',
      comment: `${l.name} may import only: ${l.mayImport.join(', ')} (and itself).`,
      from: { path: l.path },
      to: {
        path: '^src/',
        pathNot: [l.path, ...pathOf(l.mayImport)],
      },
    })),
    {
      name: 'sql-in-repositories',
      severity: 'error',
      comment: 'Queries live in *.repository.ts (and the db/ layer); elsewhere kysely is imported for its types only.',
      from: { path: '^src/', pathNot: ['\\.repository\\.ts$', '^src/db/'] },
      to: { path: 'node_modules/kysely/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'status-codes-at-the-edge',
      severity: 'error',
      comment: 'Below the edge, errors are domain errors (shared/errors.ts); http/ maps them to status codes.',
      from: { path: '^src/(documents|consent|records|db|config|shared)/' },
      to: { path: '^src/http/errors\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // kysely is followed one step so that the rule above sees who imports it.
    includeOnly: { path: ['^src/', 'node_modules/kysely/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.mjs', '.js'] },
  },
};
