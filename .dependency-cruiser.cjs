/**
 * The import rules of docs/architecture.md, checked by `npm run lint`:
 *   db  ←  core  ←  capabilities  ←  app, cli
 * The database layer and the kernel import no capability; a capability imports the
 * kernel, the database layer and other capabilities' public functions, never app/ or cli/;
 * nothing imports app/ but the CLI; the web console imports server code for types only;
 * and there are no cycles.
 */
const CAPABILITIES = '^src/(?!core/|db/|app/|cli/)[^/]+/';

module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'Modules must not import each other in a circle.',
      from: {}, to: { circular: true } },
    { name: 'db-is-the-bottom', severity: 'error', comment: 'src/db imports nothing of the application.',
      from: { path: '^src/db/' }, to: { path: '^src/(?!db/)' } },
    { name: 'core-imports-no-capability', severity: 'error', comment: 'The kernel (src/core) imports only itself and src/db.',
      from: { path: '^src/core/' }, to: { path: '^src/(?!core/|db/)' } },
    { name: 'capabilities-do-not-import-the-composition-root', severity: 'error', comment: 'Only the CLI imports src/app; capabilities never import app/ or cli/.',
      from: { path: CAPABILITIES }, to: { path: '^src/(app|cli)/' } },
    { name: 'app-does-not-import-cli', severity: 'error', from: { path: '^src/app/' }, to: { path: '^src/cli/' } },
    { name: 'no-foreign-store', severity: 'error', comment: 'A capability reads another capability only through its exported service functions, never its store.',
      from: { path: '^src/([^/]+)/' }, to: { path: 'store[.]ts$', pathNot: '^src/$1/' } },
    { name: 'web-imports-server-types-only', severity: 'error', comment: 'The console may import server types, never server code.',
      from: { path: '^web/src/' }, to: { path: '^src/', dependencyTypesNot: ['type-only'] } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
};
