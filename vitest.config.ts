import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// In this repository the suites test the client's source, so no build is needed between an edit
// and `npm test`. Installed as the toolkit, there is no src/: they test the installed client.
const clientSource = fileURLToPath(new URL('./src/index.ts', import.meta.url));
// The toolkit's MSW entry by its package name, as a consumer imports it.
const mswEntry = fileURLToPath(new URL('./scripts/msw.mjs', import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      ...(existsSync(clientSource) ? { 'plaid-user-financial-data-refresh': clientSource } : {}),
      'plaid-user-financial-data-refresh-toolkit/msw': mswEntry,
    },
  },
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Most files wait on child processes and sockets, so one worker per core keeps both busy
    // (vitest's default leaves one core idle). The test files share no module state that one
    // could leave behind for the next, so modules load once per worker, not once per file.
    maxWorkers: '100%',
    isolate: false,
    // Nothing is written inside node_modules: no results cache (and --configLoader runner in
    // package.json: no bundled copy of this file in node_modules/.vite-temp).
    cache: false,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/{spec,types,client,docs,provider,ci,cli,msw}/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'consumer', include: ['test/consumer/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'pipeline', include: ['test/pipeline/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'mutants', include: ['test/mutants/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'runtimes', include: ['test/runtimes/**/*.test.ts'] },
      },
      {
        extends: true,
        // One file at a time: one runs the whole npm test, the other times how fast ports free up.
        test: { name: 'processes', include: ['test/processes/**/*.test.ts'], fileParallelism: false },
      },
      {
        extends: true,
        test: {
          name: 'contract',
          include: ['test/contract/**/*.test.ts'],
          globalSetup: ['test/contract/global-setup.ts'],
          setupFiles: ['test/contract/print-prism-log.ts'],
        },
      },
    ],
  },
});
