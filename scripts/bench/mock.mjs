// The mock: Prism's start-up through the CLI against the in-process harness the tests use, and
// the harness's throughput and latency under load (autocannon, on loopback, bounded in time), with
// valid requests to every operation in turn.
import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
import { loadOperations } from '../../packages/toolkit/lib/operations.mjs';
import { requestHeaders } from '../../packages/toolkit/lib/plaid-facts.mjs';
import { toolEnv } from '../../packages/toolkit/lib/step.mjs';
import { fromRepo } from '../repo.mjs';
import { median } from './stats.mjs';

const headers = requestHeaders({ clientId: 'c', secret: 's' });

/** One valid request per operation of generated/operations.json; each connection cycles through them. */
export async function validRequests() {
  const { operations } = await loadOperations();
  return operations.map((row) => ({ method: row.method.toUpperCase(), path: row.path, headers, body: JSON.stringify(row.sample ?? {}) }));
}

async function pollUntilAnswering(url, deadline) {
  for (;;) {
    try {
      await fetch(url);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${url} never answered`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

/** Spawn to first HTTP answer, for `node -e <script>` or the prism CLI. */
async function startupMs(command, args, url) {
  const started = performance.now();
  const child = spawn(command, args, { cwd: fromRepo(), env: toolEnv, stdio: 'ignore' });
  try {
    await pollUntilAnswering(url, Date.now() + 30_000);
    return performance.now() - started;
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

export async function benchMockStartup({ rounds = 3 } = {}) {
  const port = 4700 + Math.floor(Math.random() * 200);
  const url = `http://127.0.0.1:${port}`;
  const inProcess = `import(${JSON.stringify(fromRepo('packages', 'toolkit', 'lib', 'prism.mjs'))}).then((m) => m.startPrism({ port: ${port} }))`;
  const cli = [];
  const harness = [];
  for (let r = 0; r < rounds; r++) {
    cli.push(
      await startupMs(fromRepo('node_modules', '.bin', 'prism'), ['mock', 'generated/openapi.yaml', '-p', String(port), '--errors'], url),
    );
    harness.push(await startupMs(process.execPath, ['-e', inProcess], url));
  }
  return { rounds, prismCliMs: Math.round(median(cli)), inProcessHarnessMs: Math.round(median(harness)) };
}

/** Load on the mock. Stops by itself after `seconds`. */
export async function loadMock({ url, connections, seconds }) {
  const requests = await validRequests();
  const result = await autocannon({ url, connections, duration: seconds, requests });
  return {
    operations: requests.map((r) => `${r.method} ${r.path}`),
    connections,
    seconds,
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}
