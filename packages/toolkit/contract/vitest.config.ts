import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The contract suite as `plaid-refresh contract` runs it, installed or here. The repository's own
// vitest.config.ts runs the same project beside its other tests, so both take it from here.

// In the repository this package is built in, the suites test the client's source and this
// package's own files, so no build is needed between an edit and a run. Installed, the folder
// three up is the consumer's (or a package manager's store), and both names resolve as any import does.
const repository = new URL('../../../', import.meta.url);
const inRepository = (() => {
  try {
    const { name } = JSON.parse(readFileSync(new URL('package.json', repository), 'utf8'));
    return name === 'plaid-user-financial-data-refresh-repo' && existsSync(new URL('src/index.ts', repository));
  } catch {
    return false;
  }
})();
export const repositoryAliases: Record<string, string> = inRepository
  ? {
      'plaid-user-financial-data-refresh': fileURLToPath(new URL('src/index.ts', repository)),
      'plaid-user-financial-data-refresh-toolkit/msw': fileURLToPath(new URL('../lib/msw.mjs', import.meta.url)),
    }
  : {};

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

export default defineConfig({ resolve: { alias: repositoryAliases }, test: { ...runOptions, ...contractProject } });
