import { defineConfig } from 'vitest/config';
import { contractProject, repositoryAliases, runOptions } from './packages/toolkit/contract/vitest.config.ts';

// Every suite here, the contract suite too, tests the client's source and the toolkit's files as
// they are in this checkout (the aliases), so no build is needed between an edit and a run.

const project = (name: string, include: string, options = {}) => ({ extends: true, test: { name, include: [include], ...options } });

export default defineConfig({
  resolve: { alias: repositoryAliases },
  test: {
    ...runOptions,
    projects: [
      project('unit', 'test/{spec,types,client,docs,provider,ci,cli,msw}/**/*.test.ts'),
      project('consumer', 'test/consumer/**/*.test.ts'),
      project('pipeline', 'test/pipeline/**/*.test.ts'),
      project('mutants', 'test/mutants/**/*.test.ts'),
      project('runtimes', 'test/runtimes/**/*.test.ts'),
      // One file at a time: one runs the whole npm test, the other times how fast ports free up.
      project('processes', 'test/processes/**/*.test.ts', { fileParallelism: false }),
      { extends: true, test: contractProject },
    ],
  },
});
