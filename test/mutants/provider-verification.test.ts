// Provider verification, attacked: the contract suite (`npm run contract -- --upstream URL`) runs
// against every variant of the reference server. It must fail each broken one, naming what is
// wrong, and pass the reference server and each variant that is correct in an unusual way.
import { execFile, spawn } from 'node:child_process';
import { afterAll, describe, expect, test } from 'vitest';
import { runContract } from '../../packages/toolkit/lib/contract.mjs';
import { startReferenceServer } from '../fixtures/reference-server.mjs';
import { brokenVariants, caughtBy, conformantVariants, variants } from '../fixtures/reference-variants.mjs';
import { cliPath } from '../support/cli.js';

const servers: { close(): Promise<void> }[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

const urls = new Map<string | undefined, string>();

async function contractAgainst(breakage?: string, depth?: 'quick' | 'full') {
  const server = await startReferenceServer({ breakage });
  servers.push(server);
  urls.set(breakage, server.url);
  // A variant that never answers is reported per request, after this long.
  const timeoutMs = breakage === 'hang-on-failing-users' ? 1_500 : 8_000;
  // Fast (two files at a time, each paced to half the rate), except against the rate-limited
  // variant: the default pace there meets its limit now and then.
  const [rate, concurrency] = breakage === 'rate-limited' ? [25, 1] : [400, 2];
  // A variant that rate-limits is also burst (`contract --burst`), so its 429 is provoked, not met by chance.
  const burst = Boolean(breakage && variants[breakage]?.rateLimit);
  // The reference server is verified as a user runs it, through the CLI, which also prints the
  // coverage report; the variants through runContract, which the CLI wraps.
  const child =
    breakage === undefined
      ? spawn(
          process.execPath,
          [
            cliPath,
            'contract',
            '--upstream',
            server.url,
            '--rate',
            String(rate),
            '--concurrency',
            String(concurrency),
            '--depth',
            depth ?? 'quick',
          ],
          {
            stdio: 'pipe',
          },
        )
      : runContract({ upstream: server.url, stdio: 'pipe', rate, concurrency, timeoutMs, burst, ...(depth ? { depth } : {}) });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, output: output.replace(ANSI, '') };
}

// Two runs at a time: each is a vitest and a Prism, mostly waiting on each other.
const queue = [undefined, ...conformantVariants, ...brokenVariants];
const runs = new Map<string | undefined, ReturnType<typeof contractAgainst>>();
const chain: Promise<unknown>[] = [Promise.resolve(), Promise.resolve()];
queue.forEach((name, i) => {
  const lane = i % 2;
  const run = chain[lane]!.then(() => contractAgainst(name));
  chain[lane] = run.catch(() => {});
  runs.set(name, run);
});
// And the reference server once more at --depth full: every probe of the table, 200 fuzz cases.
const full = chain[queue.length % 2]!.then(() => contractAgainst(undefined, 'full'));

// A test's time is its run's place in the queue: the last ones wait for every run before them on
// their lane, so the bound is the whole queue's, not one run's.
describe('the contract suite through the validating proxy', { timeout: 600_000 }, () => {
  test('passes against the reference server', async () => {
    const { code, output } = await runs.get(undefined)!;
    expect(output).toMatch(/Prism proxy → http:\/\/127\.0\.0\.1:\d+/);
    expect(output, output).toMatch(/Tests\s+\d+ passed/);
    expect(code, output).toBe(0);
    // The coverage report follows every run: every family probed, nothing declared left without a reason.
    expect(output).toMatch(/^coverage \(depth quick, a real server\):$/m);
    for (const family of ['schema', 'security', 'wire', 'values'])
      expect(output).toMatch(new RegExp(`^    ${family}: \\d+ probes over (\\d+) of \\1 subject × rule pairs$`, 'm'));
  });

  test('passes against the reference server at --depth full, sending every probe', async () => {
    const { code, output } = await full;
    expect(code, output.slice(-4000)).toBe(0);
    expect(output).toMatch(/^coverage \(depth full, a real server\):$/m);
    expect(output).not.toMatch(/not at depth quick/);
  });

  test.each(conformantVariants)('passes a server that is correct in an unusual way: %s', async (name) => {
    const { code, output } = await runs.get(name)!;
    expect(code, `${variants[name]!.what}\n${output.slice(-4000)}`).toBe(0);
  });

  test.each(brokenVariants)('fails a server with %s, naming the violation', async (name) => {
    const { code, output } = await runs.get(name)!;
    expect(code, `${variants[name]!.what}: not caught\n${output.slice(-3000)}`).toBe(1);
    expect(output).toMatch(caughtBy[name as keyof typeof caughtBy]);
  });
});

describe('a failure carries what reproduces it', { timeout: 600_000 }, () => {
  test.each(['accept-unknown-fields', 'accept-any-secret'])(
    "%s: the printed curl, run against the server with the user's credentials, gets the same wrong answer",
    async (name) => {
      const { output } = await runs.get(name)!;
      const at = output.indexOf('reproduce with (set PLAID_CLIENT_ID and PLAID_SECRET):\n');
      expect(at, output.slice(-3000)).toBeGreaterThan(-1);
      const lines = output.slice(at).split('\n').slice(1);
      const curl: string[] = [];
      for (const line of lines) {
        curl.push(line);
        if (!line.endsWith(' \\')) break;
      }
      const command = curl.join('\n');
      expect(command).toMatch(new RegExp(`^curl .*"${urls.get(name)}/`));
      const { referenceIdentity } = await import('../../packages/toolkit/lib/contract-identity.mjs');
      expect(command).not.toContain(referenceIdentity.secret);
      const answer = await new Promise<string>((resolve) =>
        execFile(
          'sh',
          ['-c', command],
          { env: { ...process.env, PLAID_CLIENT_ID: referenceIdentity.clientId, PLAID_SECRET: referenceIdentity.secret } },
          (_error, stdout) => resolve(stdout),
        ),
      );
      expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    },
  );
});
