// `npm run load`: 50 connections for 10 s of valid requests to every operation, in turn, against
// the Prism mock on loopback.
// Bounded by time; fails on any error or non-2xx answer.
import { parseArgs } from 'node:util';
import { startPrism } from '../packages/toolkit/lib/prism.mjs';
import { runIfMain } from '../packages/toolkit/lib/step.mjs';
import { loadMock } from './bench/mock.mjs';

runIfMain(import.meta.url, async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: { connections: { type: 'string', default: '50' }, seconds: { type: 'string', default: '10' } },
  });
  const connections = Number(values.connections);
  const seconds = Number(values.seconds);
  if (!(connections >= 1 && connections <= 1000 && seconds >= 1 && seconds <= 120)) {
    console.error('usage: npm run load -- [--connections 1-1000] [--seconds 1-120]');
    process.exit(2);
  }
  const prism = await startPrism();
  try {
    const result = await loadMock({ url: prism.url, connections, seconds });
    console.log(
      `load: ${connections} connections for ${seconds} s against the Prism mock on ${prism.url}: ${result.operations.join(', ')}`,
    );
    console.table({
      'requests/s': result.requestsPerSecond,
      requests: result.requests,
      'latency p50 (ms)': result.latencyMs.p50,
      'latency p90 (ms)': result.latencyMs.p90,
      'latency p99 (ms)': result.latencyMs.p99,
      'latency max (ms)': result.latencyMs.max,
      errors: result.errors,
      timeouts: result.timeouts,
      'non-2xx': result.non2xx,
    });
    const clean = result.errors === 0 && result.timeouts === 0 && result.non2xx === 0;
    console.log(clean ? '✔ no errors, no non-2xx' : '✘ errors or non-2xx answers under load');
    process.exitCode = clean ? 0 : 1;
  } finally {
    await prism.close();
  }
});
