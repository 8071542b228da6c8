/**
 * The layer rules of src/, written down once and checked by `npm run lint` (dependency-cruiser).
 * Data flows one way: http → scheduler → monitors → jobs → surfaces → (sessions, files, page-index) → engine → extract → db/lib.
 * A module may import its own layer and the layers below it, never one above, and nothing may form a cycle.
 */
const LAYERS = [
  ['foundation', '^src/(lib|config|telemetry)/|^src/(errors|logger|version)\\.ts$'],
  ['db', '^src/db/'],
  ['extract', '^src/extract/'],
  ['engine', '^src/engine/'],
  ['stores', '^src/(sessions|files|page-index|billing)/'],
  ['surfaces', '^src/surfaces/'],
  ['jobs', '^src/(jobs|webhooks)/|^src/testing/faults/'],
  ['monitors', '^src/monitors/'],
  ['scheduler', '^src/scheduler/'],
  ['http', '^src/(http|dashboard)/'],
  // MCP: a second front door beside http/ (it reuses http/'s validation and the routes' schemas).
  ['mcp', '^src/mcp/'],
  ['root', '^src/(app|main|cli|ephemeral)\.ts$'],
];

const upward = LAYERS.slice(0, -1).map(([name, path], index) => ({
  name: `no-upward-from-${name}`,
  comment: `${name} may only import its own layer and those below it (see the README's layout section)`,
  severity: 'error',
  from: { path },
  to: { path: LAYERS.slice(index + 1).map(([, above]) => `(${above})`).join('|') },
}));

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'import cycles (type-only ones too) make the layers meaningless', from: {}, to: { circular: true } },
    ...upward,
    {
      name: 'surfaces-stay-apart',
      comment: 'a surface folder uses surfaces/shared/ and surface.ts, never another surface folder (registry.ts is the one place that lists them all)',
      severity: 'error',
      from: { path: '^src/surfaces/([^/]+)/' , pathNot: '^src/surfaces/shared/' },
      to: { path: '^src/surfaces/([^/]+)/', pathNot: ['^src/surfaces/$1/', '^src/surfaces/shared/'] },
    },
    {
      name: 'shared-below-surfaces',
      comment: 'surfaces/shared/ serves every surface, so it cannot depend on any one of them',
      severity: 'error',
      from: { path: '^src/surfaces/shared/' },
      to: { path: '^src/surfaces/(?!shared/)[^/]+/|^src/surfaces/registry\\.ts$' },
    },
    {
      name: 'client-cli-talks-http-only',
      comment: 'the `scrapio` client (src/client-cli/) reaches the server over HTTP only: of the server it may import the version, nothing else',
      severity: 'error',
      from: { path: '^src/client-cli/' },
      to: { path: '^src/', pathNot: ['^src/client-cli/', '^src/version\\.ts$'] },
    },
    {
      name: 'server-never-imports-client-cli',
      comment: 'the client sits beside the server at the top, not under it',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/client-cli/' },
      to: { path: '^src/client-cli/' },
    },
    { name: 'no-orphans', severity: 'error', from: { orphan: true, path: '^src/', pathNot: ['\\.d\\.ts$', '^src/cli\\.ts$', '^src/client-cli/main\\.ts$', 'extraction-worker\\.ts$'] }, to: {} },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|test|bench|node_modules)/' },
  },
};
