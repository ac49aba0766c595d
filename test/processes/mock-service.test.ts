// The mock as a CI service: started in the background by one shell, which then exits, and used by
// the next (GitHub Actions steps, GitLab scripts). It stays up, says it is ready, writes its pid,
// and `plaid-refresh wait` tells the next step when it answers. Stopped by its pid.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { repoRoot } from '../support/repo-copy.js';

const env = { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' };
const sh = (script: string, cwd = repoRoot) =>
  new Promise<{ code: number; output: string }>((resolve) =>
    execFile('sh', ['-c', script], { cwd, env, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    ),
  );

async function freePort() {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let dir: string | undefined;
let pid: number | undefined;
afterEach(async () => {
  if (pid) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = pid = undefined;
});

const bin = path.join(repoRoot, 'packages', 'toolkit', 'bin', 'plaid-refresh.mjs');
describe.each([
  ['node packages/toolkit/bin/plaid-refresh.mjs', `"${process.execPath}" "${bin}"`],
  ['npx --no -- plaid-refresh', 'npx --no -- plaid-refresh'],
])('%s mock, started in one shell and used from the next', (_name, cli) => {
  test('stays up after its shell exits, is found by wait, answers, and stops by its pid', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mock-service-'));
    const port = await freePort();
    const pidFile = path.join(dir, 'mock.pid');
    const log = path.join(dir, 'mock.log');
    const started = await sh(`${cli} mock --port ${port} --pid-file "${pidFile}" > "${log}" 2>&1 &`);
    expect(started.code).toBe(0);

    const ready = await sh(`${cli} wait http://127.0.0.1:${port} --timeout 30000`);
    expect(ready.code, `${ready.output}\n${await readFile(log, 'utf8').catch(() => '')}`).toBe(0);
    pid = Number((await readFile(pidFile, 'utf8')).trim());
    expect(
      (await readFile(log, 'utf8')).match(/^Prism mock of .* on http:\/\/127\.0\.0\.1:\d+ \(ready in \d+ ms, pid \d+\)$/m),
    ).not.toBeNull();

    // A moment later, from yet another shell: the first one is long gone.
    await new Promise((resolve) => setTimeout(resolve, 600));
    const call = await sh(
      `curl -s -X POST http://127.0.0.1:${port}/user/financial_data/refresh -H 'Content-Type: application/json' -H 'PLAID-CLIENT-ID: c' -H 'PLAID-SECRET: s' -d '{"user_id":"usr_from_next_step"}'`,
    );
    expect(JSON.parse(call.output)).toMatchObject({ user_id: 'usr_from_next_step' });

    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 40 && (await sh(`kill -0 ${pid}`)).code === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await sh(`kill -0 ${pid}`)).code, 'the mock is still running 2 s after SIGTERM').not.toBe(0);
    expect((await sh(`${cli} wait http://127.0.0.1:${port} --timeout 200`)).code, 'the port still answers').toBe(1);
    await expect(readFile(pidFile), 'the pid file is left behind').rejects.toThrow();
    pid = undefined;
  }, 60_000);
});

test('wait gives up with one line and exit 1 when nothing answers', async () => {
  const port = await freePort();
  const { code, output } = await sh(`"${process.execPath}" "${bin}" wait http://127.0.0.1:${port} --timeout 300`);
  expect(code).toBe(1);
  expect(output.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`127\\.0\\.0\\.1:${port} did not answer within 300 ms`))]);
});
