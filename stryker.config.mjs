// Mutation testing of the modules that judge health and build commands (`npm run mutation`).
// Not part of `npm test`: a full run takes a while on 2 cores. Each group pairs modules with the
// unit tests that exercise them; run one group with `MUTATION_GROUP=kube npm run mutation`, one
// module with `npm run mutation -- --mutate electron/core/kube/summarize.ts` (with its group set).
// Each test file runs in its own `node --import tsx --test` process (the `node` on PATH: under
// `npm run` that is node_modules/.bin/node, Node 24) with `--test-isolation=none`: Stryker's hook
// sees the tests only when they run in the process it was loaded into. Coverage is recorded per test file, so a
// mutant only runs the files of its group that reach it.

const groups = {
  proxmox: {
    mutate: ['electron/core/proxmox/checks.ts', 'electron/core/proxmox/parse.ts', 'shared/backup-age.ts'],
    tests: ['test/unit/bite/*.test.ts', 'test/unit/pve/{checks,cluster-findings,parse,parse-resources-exact,parse-storage-exact,storage-and-details}.test.ts', 'test/unit/shared/backup-age.test.ts'],
  },
  kube: {
    mutate: ['electron/core/kube/summarize.ts', 'electron/core/kube/checks.ts'],
    tests: ['test/unit/bite/*.test.ts', 'test/unit/kube/{fixtures,init-containers,sim-cluster,summarize,checks-exact}.test.ts'],
  },
  tailscale: {
    mutate: ['electron/core/tailscale/{checks,status-json,fields,netcheck}.ts'],
    tests: ['test/unit/tailscale/{checks,fixtures,peer-relay-fake,status-netcheck,netcheck-exact,status-exact}.test.ts'],
  },
  metrics: { mutate: ['electron/core/metrics/health.ts'], tests: ['test/unit/metrics/health.test.ts', 'test/unit/metrics/health-edges.test.ts', 'test/unit/metrics/health-exact.test.ts'] },
  ssh: {
    mutate: ['electron/core/ssh/probes/*.ts', '!electron/core/ssh/probes/types.ts'],
    tests: ['test/unit/bite/*.test.ts', 'test/unit/ssh/probes.test.ts', 'test/unit/ssh/probe-parsers.test.ts', 'test/unit/ssh/probe-parsers-2.test.ts', 'test/unit/ssh/probe-parsers-3.test.ts', 'test/unit/ssh/probe-script.test.ts', 'test/unit/ssh/smart-*.test.ts'],
  },
  tray: {
    mutate: ['shared/{tray,tray-lab,way-home,wake-targets,problem-groups}.ts'],
    tests: ['test/unit/bite/*.test.ts', 'test/unit/tray/*.test.ts', 'test/unit/shared/problem-groups.test.ts', 'test/unit/wol/wake-routes.test.ts'],
  },
  tls: { mutate: ['electron/core/tls/*.ts'], tests: ['test/unit/core/pin.test.ts', 'test/unit/core/tls-agent.test.ts', 'test/unit/core/tls-pinning.test.ts', 'test/unit/shared/fingerprint.test.ts'] },
  config: {
    mutate: ['shared/config.ts', 'electron/core/config/{check,locked,credentials}.ts'],
    tests: ['test/unit/core/{config,config-paths,open-lab-secrets,exec-context-lock,config-schema,config-check,config-credentials}.test.ts', 'test/unit/power/config.test.ts'],
  },
  wol: {
    mutate: ['electron/core/wol/{relay-ssh,magic,send}.ts'],
    tests: ['test/unit/wol/{magic,relay-ssh,wake,wake-routes,send}.test.ts'],
  },
};

const chosen = process.env.MUTATION_GROUP ? process.env.MUTATION_GROUP.split(',') : Object.keys(groups);
for (const g of chosen) if (!groups[g]) throw new Error(`MUTATION_GROUP: no group "${g}" (there are ${Object.keys(groups).join(', ')})`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'tap',
  plugins: ['@stryker-mutator/tap-runner'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 30_000,
  mutate: chosen.flatMap((g) => groups[g].mutate),
  tap: {
    testFiles: [...new Set(chosen.flatMap((g) => groups[g].tests))],
    nodeArgs: ['--import', 'tsx', '--test', '--test-isolation=none', '--test-reporter=tap', '-r', '{{hookFile}}', '{{testFile}}'],
  },
  ignorePatterns: ['.stryker-tmp*', 'out', 'dist', 'test-results', 'playwright-report', 'reports', 'test/artifacts', 'test/e2e', '.cache'],
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: `reports/mutation/${process.env.MUTATION_GROUP ?? 'all'}.json` },
  htmlReporter: { fileName: `reports/mutation/${process.env.MUTATION_GROUP ?? 'all'}.html` },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: true, reportScoreTable: true },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
