import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The contract suite as `plaid-refresh contract` runs it, installed or here. The repository's own
// vitest.config.ts runs the same project beside its other tests, so both take it from here.

/** How every suite here runs: the contract suite's settings are the repository's too. */
export const runOptions = {
  testTimeout: 20_000,
  hookTimeout: 30_000,
  // Most files wait on child processes and sockets, so one worker per core keeps both busy
  // (vitest's default leaves one core idle). The test files share no module state that one
  // could leave behind for the next, so modules load once per worker, not once per file.
  maxWorkers: '100%',
  isolate: false,
  // Nothing is written inside node_modules: no results cache (and --configLoader runner where
  // vitest is started: no bundled copy of this file in node_modules/.vite-temp).
  cache: false,
} as const;

/** The contract project: every file in this folder, with Prism started once for the run. */
export const contractProject = {
  name: 'contract',
  root: fileURLToPath(new URL('.', import.meta.url)),
  include: ['**/*.test.ts'],
  globalSetup: ['./global-setup.ts'],
  setupFiles: ['./print-prism-log.ts'],
};

export default defineConfig({ test: { ...runOptions, ...contractProject } });
