// Client overhead: µs per call of raw fetch, bare openapi-fetch, our createPlaidClient and
// Plaid's official SDK against the same loopback server, sequentially and 16 at a time, for every
// operation of generated/operations.json.
import { fork } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Configuration, PlaidApi } from 'plaid';
import { loadOperations } from '../../packages/toolkit/lib/operations.mjs';
import { requestHeaders } from '../../packages/toolkit/lib/plaid-facts.mjs';
import { clientDistDir } from '../compile.mjs';
import { fromRepo } from '../repo.mjs';
import { median, rotated, round } from './stats.mjs';

const headers = requestHeaders({ clientId: 'bench_client', secret: 'bench_secret_000000000' }, { 'Plaid-Version': '2020-09-14' });

/** The same call four ways. Plaid's SDK names its methods by operationId, as our client does. */
async function candidates(url, row) {
  const lib = (file) => import(pathToFileURL(path.join(clientDistDir, ...file.split('/'))).href);
  const [{ createPlaidClient }, { createRawClient }] = await Promise.all([lib('src/index.js'), lib('generated/client.js')]);
  const ours = createPlaidClient({ baseUrl: url, clientId: 'bench_client', secret: 'bench_secret_000000000' });
  const bare = createRawClient({ baseUrl: url, headers });
  const sdk = new PlaidApi(new Configuration({ basePath: url, baseOptions: { headers } }));
  const body = row.sample;
  const method = row.method.toUpperCase();
  return {
    'raw fetch': async () => {
      const response = await fetch(`${url}${row.path}`, { method, headers, body: JSON.stringify(body) });
      return response.json();
    },
    'openapi-fetch': async () => (await bare[method](row.path, { body })).data,
    createPlaidClient: async () => {
      const { data, error } = await ours.call(row.operationId, body);
      if (error) throw error;
      return data;
    },
    ...(typeof sdk[row.operationId] === 'function' && { 'plaid SDK': async () => (await sdk[row.operationId](body)).data }),
  };
}

/** Mean µs per call over `calls` calls, `inFlight` at a time. */
async function measure(call, calls, inFlight) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next++ < calls) await call();
    }),
  );
  return ((performance.now() - started) * 1000) / calls;
}

/** Per operation of generated/operations.json: each candidate's µs per call and its ratio to raw fetch. */
export async function benchClientOverhead({ calls = 5000, rounds = 5, warmup = 500 } = {}) {
  const server = fork(fromRepo('scripts', 'bench', 'fixed-server.mjs'), { stdio: 'inherit' });
  const { url } = await new Promise((resolve) => server.once('message', resolve));
  try {
    const results = {};
    for (const row of (await loadOperations()).operations) {
      const calls_ = await candidates(url, row);
      const names = Object.keys(calls_);
      for (const [mode, inFlight] of [
        ['sequential', 1],
        ['16 concurrent', 16],
      ]) {
        for (const name of names) await measure(calls_[name], warmup, inFlight);
        const samples = /** @type {Record<string, number[]>} */ (Object.fromEntries(names.map((n) => [n, []])));
        for (let r = 0; r < rounds; r++) {
          for (const name of rotated(names, r)) samples[name].push(await measure(calls_[name], calls, inFlight));
        }
        // Ratios are paired within a round (same machine state), then the median is taken.
        const ratio = (n) => median(samples[n].map((t, r) => t / (samples['raw fetch']?.[r] ?? Number.NaN)));
        results[`${row.operationId}, ${mode}`] = Object.fromEntries(
          names.map((n) => [n, { usPerCall: round(median(samples[n]), 1), ratioToRawFetch: round(ratio(n)) }]),
        );
      }
    }
    return { calls, rounds, warmup, results };
  } finally {
    server.disconnect();
  }
}
