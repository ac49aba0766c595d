// `plaid-refresh mock` as people and CI scripts drive it: started directly, through npx or through
// `npm run mock`, then stopped with SIGTERM to that one process (what `kill $!` does) or SIGINT to
// its process group (what Ctrl-C does). The port must be free within 2 s. A busy port gets one
// line and exit 2. (A SIGINT to npm's pid alone is held by npm and its shell, which wait for
// their child: npm's doing, not ours, and the README says so.)
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { repoRoot } from '../support/repo-copy.js';

const env = { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' };
const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // the group is gone already
    }
  }
});

/** Starts a command and resolves with the mock's port once its banner names it. */
function startMock(command: string, args: string[]) {
  // Its own process group, as a terminal gives a foreground job.
  const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  started.push(child);
  let output = '';
  return new Promise<{ child: ChildProcess; port: number; output: () => string }>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const found = output.match(/Prism mock of \S+ on http:\/\/127\.0\.0\.1:(\d+)/);
      if (found) resolve({ child, port: Number(found[1]), output: () => output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before it was ready:\n${output}`)));
  });
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** Milliseconds until nothing listens on `port` any more, or Infinity after `limitMs`. */
async function msUntilFree(port: number, limitMs = 5_000) {
  const since = performance.now();
  while (performance.now() - since < limitMs) {
    if (!(await accepts(port))) return performance.now() - since;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Number.POSITIVE_INFINITY;
}

const bin = path.join(repoRoot, 'packages', 'toolkit', 'bin', 'plaid-refresh.mjs');
const ways: [string, string, string[]][] = [
  ['started directly', process.execPath, [bin, 'mock', '--port', '0']],
  ['started through npx', 'npx', ['--no-install', 'plaid-refresh', 'mock', '--port', '0']],
  ['started through npm run mock', 'npm', ['run', 'mock', '--', '--port', '0']],
];

describe.each(ways)('plaid-refresh mock, %s', (_way, command, args) => {
  test('frees its port within 2 s of a SIGTERM to that process alone (kill $!)', async () => {
    const { child, port, output } = await startMock(command, args);
    expect(await accepts(port)).toBe(true);
    child.kill('SIGTERM');
    expect(await msUntilFree(port), output()).toBeLessThan(2_000);
  }, 30_000);

  test('frees its port within 2 s of a SIGINT to its process group (Ctrl-C)', async () => {
    const { child, port, output } = await startMock(command, args);
    expect(await accepts(port)).toBe(true);
    process.kill(-child.pid!, 'SIGINT');
    expect(await msUntilFree(port), output()).toBeLessThan(2_000);
  }, 30_000);

  test('exits, without ever taking the port, when stopped while Prism is still loading', async () => {
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: 'ignore', detached: true });
    started.push(child);
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGTERM');
    const since = performance.now();
    // The mock itself may sit below npm and a shell: wait until no process of the group is left.
    while (performance.now() - since < 10_000) {
      try {
        process.kill(-child.pid!, 0);
      } catch {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Loading Prism holds the event loop for a moment; the signal is handled right after.
    expect(performance.now() - since).toBeLessThan(5_000);
  }, 30_000);
});

describe('a busy port', () => {
  test.each([
    ['plaid-refresh mock', [bin, 'mock'], {}],
    ['npm run mock', [bin, 'mock'], { npm_lifecycle_event: 'mock' }],
  ])(
    '%s gets one line that suggests another port, and exit 2',
    async (_name, args, npm) => {
      const blocker = net.createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const { port } = blocker.address() as net.AddressInfo;
      try {
        const child = spawn(process.execPath, [...args, '--port', String(port)], { cwd: repoRoot, env: { ...env, ...npm } });
        started.push(child);
        let output = '';
        child.stdout.on('data', (chunk) => (output += chunk));
        child.stderr.on('data', (chunk) => (output += chunk));
        const code = await new Promise((resolve) => child.once('exit', resolve));
        const lines = output
          .trim()
          .split('\n')
          .filter((line) => !line.startsWith('…'));
        expect(code, output).toBe(2);
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(new RegExp(`port ${port} .*in use.*--port 0`));
      } finally {
        blocker.close();
      }
    },
    30_000,
  );
});
