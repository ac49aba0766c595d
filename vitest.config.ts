import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { contractProject, runOptions } from './packages/toolkit/contract/vitest.config.ts';

// The suites here test the client's source, so no build is needed between an edit and `npm test`
// (installed, the toolkit's contract suite tests the installed client).
const clientSource = fileURLToPath(new URL('./src/index.ts', import.meta.url));

const project = (name: string, include: string, options = {}) => ({ extends: true, test: { name, include: [include], ...options } });

export default defineConfig({
  resolve: { alias: { 'plaid-user-financial-data-refresh': clientSource } },
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
