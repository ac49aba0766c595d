// The CLI's contract with a shell: help exits 0, bad arguments exit 2 with a message that says
// what is wrong, a missing file is named. (What each command does is in test/consumer/.)
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { repoRoot } from '../support/repo-copy.js';

const cli = (...args: string[]) =>
  new Promise<{ code: number; out: string }>((resolve) => {
    execFile(process.execPath, [path.join(repoRoot, 'bin/plaid-refresh.mjs'), ...args], (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, out: `${stdout}${stderr}` });
    });
  });

const commands = ['generate', 'mock', 'wait', 'contract', 'fuzz', 'validate', 'lint'];

// Each case is its own process: they run side by side.
describe('plaid-refresh', { concurrent: true }, () => {
  test('lists its commands with --help, and with no arguments', async () => {
    for (const args of [['--help'], []]) {
      const { code, out } = await cli(...args);
      expect(code).toBe(0);
      for (const command of commands) expect(out).toContain(command);
    }
  });

  test.each(commands)('%s --help prints its usage', async (command) => {
    const { code, out } = await cli(command, '--help');
    expect(code).toBe(0);
    expect(out).toContain(`usage: plaid-refresh ${command}`);
  });

  const bad: [string[], RegExp][] = [
    [['frobnicate'], /unknown command: frobnicate/],
    [['generate'], /generate needs --out/],
    [['generate', '--out'], /--out.*argument missing|argument missing/i],
    [['generate', '--out', 'x.d.ts', '--colour'], /Unknown option '--colour'/],
    [['mock', '--port', 'eighty'], /--port must be 0-65535, got eighty/],
    [['contract'], /contract needs --upstream/],
    [['contract', '--upstream', 'not a url'], /--upstream is not a URL/],
    [['contract', '--upstream', 'http://127.0.0.1:1', '--depth', 'deep'], /--depth must be quick or full, got deep/],
    [['wait'], /wait needs exactly one URL/],
    [['wait', 'localhost:4010'], /not an http\(s\) URL: localhost:4010/],
    [['wait', 'http://127.0.0.1:1', '--timeout', 'soon'], /--timeout must be milliseconds, got soon/],
    [['fuzz', '--cases', 'many'], /--cases must be a whole number ≥ 1, got many/],
    [['mock', '--pid-file'], /argument missing/i],
    [['lint'], /lint needs exactly one spec file/],
    [['lint', '/no/such/spec.yaml'], /no such file: \/no\/such\/spec\.yaml/],
  ];

  test.each(bad)('%j exits 2 with one line that says what is wrong', async (args, message) => {
    const { code, out } = await cli(...args);
    expect(code).toBe(2);
    expect(out).toMatch(message);
    expect(out).toContain('plaid-refresh');
    expect(out.trim().split('\n')).toHaveLength(1);
  });
});

test('plaid-refresh lint is quiet: no Redocly banner, no colours even when forced, in piped output', async () => {
  const { code, out } = await new Promise<{ code: number; out: string }>((resolve) => {
    execFile(
      process.execPath,
      [path.join(repoRoot, 'bin/plaid-refresh.mjs'), 'lint', 'spec/openapi.yaml'],
      { cwd: repoRoot, env: { ...process.env, FORCE_COLOR: '1' } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, out: `${stdout}${stderr}` }),
    );
  });
  expect(code, out).toBe(0);
  expect(out).not.toMatch(/Node\.js 20|[╔║╚]/);
  expect(out).not.toMatch(/\x1b\[/);
});

test('a --pid-file the mock cannot write is one line (after its progress line) and exit 2', async () => {
  const { code, out } = await cli('mock', '--port', '0', '--pid-file', '/no/such/folder/mock.pid');
  expect(code).toBe(2);
  const lines = out
    .trim()
    .split('\n')
    .filter((line) => !line.startsWith('…'));
  expect(lines).toEqual([expect.stringMatching(/^plaid-refresh: cannot write --pid-file \/no\/such\/folder\/mock\.pid: ENOENT/)]);
});

describe('the reference server follows the same rules', () => {
  const server = (...args: string[]) =>
    new Promise<{ code: number; out: string }>((resolve) => {
      execFile(
        process.execPath,
        [path.join(repoRoot, 'test/fixtures/reference-server.mjs'), ...args],
        { timeout: 10_000 },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, out: `${stdout}${stderr}` }),
      );
    });

  test('--help prints its usage, with the variants, and starts nothing', async () => {
    const { code, out } = await server('--help');
    expect(code).toBe(0);
    expect(out).toMatch(/^usage: node test\/fixtures\/reference-server\.mjs/);
    expect(out).toContain('drop-request-id');
    expect(out).not.toContain('reference server on');
  });

  test.each([
    [['--breakage', 'nope'], /unknown --breakage nope/],
    [['--prot', '1'], /Unknown option '--prot'/],
    [['--port', 'x'], /--port must be 0-65535, got x/],
  ])('%j exits 2 with one line', async (args, message) => {
    const { code, out } = await server(...args);
    expect(code).toBe(2);
    expect(out).toMatch(message);
    expect(out.trim().split('\n')).toHaveLength(1);
  });
});

describe("the fuzzer's flags, as plaid-refresh fuzz and npm run fuzz parse them", () => {
  test.each([
    [['--case', '-1'], /--case.*argument|--case must be/],
    [['--upstream', 'ftp://x'], /--upstream must be an http\(s\) URL/],
    [['--sead', '1'], /Unknown option '--sead'/],
    [['--concurrency', '0'], /--concurrency must be a whole number ≥ 1/],
    [['--seed', '4294967296'], /--seed must be a whole number ≥ 0 and ≤ 4294967295/],
  ])('%j is a usage error naming it', async (args, message) => {
    const { parseFuzzArgs } = await import('../../scripts/fuzz.mjs');
    expect(() => parseFuzzArgs(args)).toThrow(message);
  });

  test('--case replays one case of the seed', async () => {
    const { parseFuzzArgs } = await import('../../scripts/fuzz.mjs');
    expect(parseFuzzArgs(['--seed', '7', '--case', '12'])).toMatchObject({ seed: 7, only: 12 });
  });
});
