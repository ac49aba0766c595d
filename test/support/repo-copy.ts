// A throwaway copy of the parts of this repo that the scripts read, for tests that break the
// spec on purpose. node_modules is linked, not copied.

import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { vitestRun } from '../../packages/toolkit/lib/vitest-run.mjs';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface RepoCopy {
  dir: string;
  /** Replaces `from` with `to` in a file of the copy, and fails if `from` is not there. */
  edit(file: string, from: string, to: string): Promise<void>;
  /** Runs `node <script>` in the copy; never throws, so a test can assert on a failure. */
  run(script: string, ...args: (string | Record<string, string>)[]): Promise<{ code: number; output: string }>;
  /** The copy's vitest (`vitest run` with this repo's config loader), then optionally extra environment variables. */
  vitest(...args: (string | Record<string, string>)[]): Promise<{ code: number; output: string }>;
  /**
   * The copy's contract suite (the mock, or `upstream` through the proxy, one file at a time), as
   * CI would run it: its exit code, output, and every test case with its status.
   */
  contract(upstream?: string): Promise<{ code: number; output: string; cases: { fullName: string; status: string }[] }>;
  remove(): Promise<void>;
}

/** The parts a copy needs to build, type-check and run its own tests. */
export const BUILDABLE = [
  'spec',
  'scripts',
  'generated',
  'src',
  'test',
  'examples',
  'redocly.yaml',
  'package.json',
  'packages',
  'package-lock.json',
  'CHANGELOG.md',
  'tsconfig.json',
  'tsconfig.build.json',
  'tsconfig.scripts.json',
  'vitest.config.ts',
];

/** Everything the repository tracks, for a copy that runs `npm test` as a clone would. */
export const WHOLE = [...BUILDABLE, 'README.md', '.ci', '.github', 'ci-templates', 'docs', 'biome.jsonc', '.gitignore'];

export async function copyRepo(
  parts = ['spec', 'scripts', 'packages/toolkit', 'generated', 'redocly.yaml', 'package.json'],
): Promise<RepoCopy> {
  const dir = await mkdtemp(path.join(tmpdir(), 'repo-copy-'));
  for (const part of parts) await cp(path.join(repoRoot, part), path.join(dir, part), { recursive: true });
  await symlink(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'));
  const copy: RepoCopy = {
    dir,
    async edit(file, from, to) {
      const target = path.join(dir, file);
      const text = await readFile(target, 'utf8');
      if (!text.includes(from)) throw new Error(`${file} does not contain ${JSON.stringify(from)}`);
      await writeFile(target, text.replace(from, to));
    },
    /** Arguments, then optionally extra environment variables. */
    run(script, ...args) {
      const env = Object.assign({ ...process.env, CI: '' }, ...args.filter((a) => typeof a === 'object'));
      const argv = args.filter((a): a is string => typeof a === 'string');
      return new Promise((resolve) => {
        execFile(process.execPath, [script, ...argv], { cwd: dir, env, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, output: `${stdout}${stderr}` });
        });
      });
    },
    vitest: (...args) => copy.run('node_modules/vitest/vitest.mjs', ...vitestRun, ...args),
    async contract(upstream = '') {
      const report = path.join(dir, `contract-report-${Date.now()}.json`);
      const { code, output } = await copy.vitest(
        ...['--project', 'contract', '--maxWorkers', upstream ? '1' : '2'],
        ...['--reporter=json', `--outputFile=${report}`],
        { CI: '1', NO_COLOR: '1', CONTRACT_UPSTREAM: upstream },
      );
      const results = JSON.parse(await readFile(report, 'utf8')) as {
        testResults: { assertionResults: { fullName: string; status: string }[] }[];
      };
      return { code, output, cases: results.testResults.flatMap((file) => file.assertionResults) };
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
  return copy;
}
