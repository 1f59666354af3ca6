/**
 * The layer rules of DigiSoc (docs/architecture.md). `npm run lint:deps` checks them against the known-violations
 * baseline `.dependency-cruiser-known-violations.json`: a new wrong-way import fails, a fixed one shrinks the baseline
 * (`npm run lint:deps:baseline` rewrites it; commit the smaller file).
 *
 * Paths are relative to the repository root; `.js` imports resolve to the `.ts` sources through tsconfig.json.
 */
/* global module */
const PROJECT =
  '^(api|app|services|integrations|activities|workflows|temporal|infra|domain|simulators|bench|scripts|tests|migrations)/';

/** Forbid imports from `from` into the project folders named in `to` (a regular expression of folder names). */
function layer(name, comment, from, to, extra = {}) {
  return { name, comment, severity: 'error', from: { path: from }, to: { path: `^(${to})/`, ...extra } };
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No module may reach itself again through its imports (type-only imports included).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-imports-nothing-of-the-project',
      comment: 'domain/ holds pure rules: it imports only other domain/ modules (and libraries).',
      severity: 'error',
      from: { path: '^domain/' },
      to: { path: PROJECT, pathNot: '^domain/' },
    },
    {
      name: 'workflows-only-domain-and-activity-types',
      comment:
        'Workflow code runs in the deterministic sandbox: it imports workflows/, domain/ and activity types only.',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { path: PROJECT, pathNot: '^(workflows|domain|activities)/' },
    },
    {
      name: 'workflows-import-activities-as-types-only',
      comment:
        'Workflows reach activities through proxyActivities<typeof …>; a value import pulls I/O into the bundle.',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { path: '^activities/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'workflows-only-sandbox-libraries',
      comment:
        'Workflows may use @temporalio/workflow, async-mutex and the date library; nothing else from outside.',
      severity: 'error',
      from: { path: '^workflows/' },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown', 'core'],
        // @temporalio/common is the workflow SDK's own failure and payload types (sandbox-safe; some, such as
        // WorkflowExecutionAlreadyStartedError, are not re-exported by @temporalio/workflow).
        pathNot:
          '^node_modules/(@temporalio/workflow|@temporalio/common|async-mutex|temporal-polyfill|temporal-spec|temporal-utils)/',
      },
    },
    layer(
      'activities-only-services-integrations-domain-infra',
      'Activities are thin wrappers over services/ and integrations/ (and domain/, infra/).',
      '^activities/',
      'api|app|temporal|simulators|bench|scripts|tests',
    ),
    {
      name: 'activities-know-workflows-by-contract-types-only',
      comment:
        "An activity may name its workflow's contract types (its input, its results); no other workflow code.",
      severity: 'error',
      from: { path: '^activities/' },
      to: { path: '^workflows/', pathNot: '^workflows/[^/]+/contract\\.ts$' },
    },
    {
      name: 'activities-import-contracts-as-types-only',
      comment: 'A value import of a contract would pull workflow definitions into the activity worker code.',
      severity: 'error',
      from: { path: '^activities/' },
      to: { path: '^workflows/[^/]+/contract\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    layer(
      'services-only-integrations-infra-temporal-domain',
      'The application layer uses integrations/, infra/, temporal/, domain/ and workflow contracts, nothing above it.',
      '^services/',
      'api|app|activities|simulators|bench|scripts|tests',
    ),
    {
      name: 'services-reach-workflows-through-contracts',
      comment: 'Services start and signal workflows through workflows/<process>/contract.ts only.',
      severity: 'error',
      from: { path: '^services/' },
      to: { path: '^workflows/', pathNot: '^workflows/[^/]+/contract\\.ts$' },
    },
    layer(
      'integrations-only-infra-domain',
      'Adapters of the outside world use infra/ and domain/ only.',
      '^integrations/',
      'api|app|services|activities|workflows|temporal|simulators|bench|scripts|tests',
    ),
    layer(
      'temporal-only-workflows-activities-infra',
      'Temporal plumbing (client, worker, codec) knows workflows/, activities/ and infra/, not the layers above.',
      '^temporal/',
      'api|app|services|integrations|simulators|bench|scripts|tests',
    ),
    layer(
      'infra-only-domain',
      'Infrastructure (database, object store, config) depends on domain/ at most.',
      '^infra/',
      'api|app|services|integrations|activities|workflows|temporal|simulators|bench|scripts|tests',
    ),
    layer(
      'api-only-services-domain',
      'Routes and screens are thin adapters over services/ (and domain/); wiring lives in app/.',
      '^api/',
      'app|activities|workflows|temporal|integrations|simulators|bench|scripts|tests',
    ),
    {
      name: 'api-not-entities-or-object-store',
      comment:
        'api/ reads and writes through services/, never the ORM entities, the database or MinIO directly.',
      severity: 'error',
      from: { path: '^api/' },
      to: { path: '^infra/(db|object-store)' },
    },
    {
      name: 'api-not-temporal-client',
      comment: 'api/ does not talk to Temporal (not even types): services/ do, through workflow contracts.',
      severity: 'error',
      from: { path: '^api/' },
      to: { path: '^node_modules/@temporalio/client/' },
    },
    {
      name: 'simulators-import-nothing-of-the-project',
      comment:
        'A simulator is the outside world: it has its own config and code, so a shared bug cannot hide.',
      severity: 'error',
      from: { path: '^simulators/([^/]+)/' },
      to: { path: PROJECT, pathNot: '^simulators/$1/' },
    },
    layer('bench-not-tests', 'Benchmarks carry their own harness, not the test helpers.', '^bench/', 'tests'),
    {
      name: 'product-not-tests',
      comment: 'Only tests import test code.',
      severity: 'error',
      from: { pathNot: '^tests/' },
      to: { path: '^tests/' },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    // Worktrees link node_modules to a shared install: keep its paths as node_modules/… for the rules above.
    preserveSymlinks: true,
    exclude: { path: ['^\\.tools', '^\\.data', '^dist', '^coverage'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
