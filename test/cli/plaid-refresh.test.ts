// The CLI's contract with a shell, from its one table of commands: help exits 0, bad arguments
// exit 2 with one line that says what is wrong and the usage, a missing file is named. (What
// each command does is in test/consumer/.)
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { commands, parseCommandLine, runCommandLine } from '../../packages/toolkit/lib/cli.mjs';
import { fuzzOptions } from '../../packages/toolkit/lib/fuzz/command.mjs';
import { runCli } from '../support/cli.js';
import { repoRoot } from '../support/repo-copy.js';

const cli = async (...args: string[]) => {
  const { code, output } = await runCli(args);
  return { code, out: output };
};

const commandNames = ['generate', 'mock', 'wait', 'contract', 'fuzz', 'validate', 'lint'];

/** A command line run in this process, as packages/toolkit/bin/plaid-refresh.mjs runs it: its exit code and what it printed. */
async function inProcess(args: string[], env: Record<string, string> = {}) {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line) => void lines.push(String(line)));
  const error = vi.spyOn(console, 'error').mockImplementation((line) => void lines.push(String(line)));
  try {
    const code = await runCommandLine(args, { ...env });
    return { code, out: lines.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

test('one table defines the commands: the CLI lists exactly those', () => {
  expect(Object.keys(commands)).toEqual(commandNames);
});

test("the toolkit package's README lists the table's commands, each with its summary", async () => {
  const readme = await readFile(path.join(repoRoot, 'packages/toolkit/README.md'), 'utf8');
  const rows = [...readme.matchAll(/^\| `(\w+)` \| (.+) \|$/gm)].map(([, name, summary]) => [name, summary]);
  expect(rows).toEqual(Object.entries(commands).map(([name, { summary }]) => [name, summary]));
});

describe('plaid-refresh, as a shell runs it', { concurrent: true }, () => {
  test('lists its commands with --help, and with no arguments', async () => {
    for (const args of [['--help'], []]) {
      const { code, out } = await cli(...args);
      expect(code).toBe(0);
      for (const command of commandNames) expect(out).toContain(command);
    }
  });

  test('a bad flag exits 2 with one line', async () => {
    const { code, out } = await cli('fuzz', '--sead', '1');
    expect(code).toBe(2);
    expect(out.trim().split('\n')).toEqual([expect.stringMatching(/^plaid-refresh: Unknown option '--sead'/)]);
  });
});

describe('each command of the table', () => {
  test.each(commandNames)('%s --help prints its usage, exit 0', async (command) => {
    const { code, out } = await inProcess([command, '--help']);
    expect(code).toBe(0);
    expect(out).toContain(`usage: plaid-refresh ${command}`);
  });

  test.each(commandNames)('%s --help under `npm run %s` spells it as npm does', async (command) => {
    const { out } = await inProcess([command, '--help'], { npm_lifecycle_event: command });
    expect(out).toContain(`usage: npm run ${command} -- `);
  });

  const bad: [string[], RegExp][] = [
    [['frobnicate'], /unknown command: frobnicate/],
    [['toString'], /unknown command: toString/],
    [['generate'], /generate needs --out/],
    [['generate', '--out'], /--out.*argument missing|argument missing/i],
    [['generate', '--out', 'x.d.ts', '--colour'], /Unknown option '--colour'/],
    [['mock', '--port', 'eighty'], /--port must be 0-65535, got eighty/],
    [['mock', '--pid-file'], /argument missing/i],
    [['mock', '--port', '0', '--pid-file', '/no/such/folder/mock.pid'], /cannot write --pid-file \/no\/such\/folder\/mock\.pid: ENOENT/],
    [['contract', '--upstream', 'not a url'], /--upstream is not a URL/],
    [['contract', '--upstream', 'http://127.0.0.1:1', '--depth', 'deep'], /--depth must be quick or full, got deep/],
    [['contract', '--rate', 'fast'], /--rate must be a whole number/],
    [['contract', '--reporter', 'xml'], /--reporter must be json, junit or markdown, got xml/],
    [['wait'], /wait needs exactly one URL/],
    [['wait', 'localhost:4010'], /not an http\(s\) URL: localhost:4010/],
    [['wait', 'http://127.0.0.1:1', '--timeout', 'soon'], /--timeout must be milliseconds, got soon/],
    [['fuzz', '--cases', 'many'], /--cases must be a whole number ≥ 1, got many/],
    [['fuzz', '--case', '-1'], /--case.*argument|--case must be/],
    [['fuzz', '--upstream', 'ftp://x'], /--upstream must be an http\(s\) URL/],
    [['fuzz', '--concurrency', '0'], /--concurrency must be a whole number ≥ 1/],
    [['fuzz', '--seed', '4294967296'], /--seed must be a whole number ≥ 0 and ≤ 4294967295/],
    [['validate'], /validate needs --har/],
    [
      ['validate', '--har', 'x.har', '--output', '/no/such/folder/report.xml'],
      /cannot write --output \/no\/such\/folder\/report\.xml: ENOENT/,
    ],
    [['generate', '--out', 'x.d.ts', '--client', './x.d.ts'], /--client and --out name the same file/],
    [['mock', '--host', ''], /--host must name a host/],
    [['mock', '--pid-file', ''], /cannot write --pid-file : an empty name/],
    [['mock', '--pid-file', '/tmp'], /cannot write --pid-file \/tmp: EISDIR/],
    [['mock', '--pid-file', `${repoRoot}/package.json/mock.pid`], /cannot write --pid-file .*: ENOTDIR/],
    [['contract', '--output', '/no/such/folder/report.xml'], /cannot write --output \/no\/such\/folder\/report\.xml: ENOENT/],
    [['fuzz', '--upstream', 'http://'], /--upstream must be an http\(s\) URL, got http:\/\//],
    [['help', 'frobnicate'], /unknown command: frobnicate/],
    [['lint'], /lint needs exactly one spec file/],
    [['lint', '/no/such/spec.yaml'], /no such file: \/no\/such\/spec\.yaml/],
  ];

  test.each(bad)('%j exits 2 with one line that says what is wrong, and its usage', async (args, message) => {
    const { code, out } = await inProcess(args);
    expect(code).toBe(2);
    expect(out.split('\n')).toHaveLength(1);
    expect(out).toMatch(message);
    expect(out).toMatch(/^plaid-refresh: /);
    if (!['frobnicate', 'toString', 'help'].includes(args[0] ?? '')) expect(out).toContain(`usage: plaid-refresh ${args[0]}`);
  });

  test('help <command> is <command> --help', async () => {
    const { code, out } = await inProcess(['help', 'contract']);
    expect(code).toBe(0);
    expect(out).toContain('usage: plaid-refresh contract');
  });

  test.each([
    ['contract', 'upstream'],
    ['fuzz', 'upstream'],
    ['mock', 'port'],
  ])('npm run %s --%s=… (no `--`: npm keeps the flag) is refused, not run without it', async (command, option) => {
    const { code, out } = await inProcess([command], { npm_lifecycle_event: command, [`npm_config_${option}`]: 'http://127.0.0.1:1' });
    expect(code).toBe(2);
    expect(out).toContain(`npm took --${option} as its own setting: put the command's flags after \`--\``);
  });

  test('fuzz --case replays one case of the seed', () => {
    const parsed = parseCommandLine(['fuzz', '--seed', '7', '--case', '12']);
    expect('values' in parsed && fuzzOptions(parsed.values)).toMatchObject({ seed: 7, only: 12 });
  });
});

test('plaid-refresh lint is quiet: no Redocly banner, no colours even when forced, in piped output', async () => {
  const { code, output: out } = await runCli(['lint', 'spec/openapi.yaml'], { cwd: repoRoot, env: { ...process.env, FORCE_COLOR: '1' } });
  expect(code, out).toBe(0);
  expect(out).not.toMatch(/Node\.js 20|[╔║╚]/);
  expect(out).not.toMatch(/\x1b\[/);
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
