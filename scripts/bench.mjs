// `npm run bench`: client overhead, pipeline, mock, a contract run and the test suite's time, measured side by side
// in one run (`-- --only tests` and so on for one part). Prints tables and writes dist/bench.json.
// Needs `npm run build` first (it measures the compiled client).
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { startPrism } from '../packages/toolkit/lib/prism.mjs';
import { runIfMain, step, UsageError } from '../packages/toolkit/lib/step.mjs';
import { benchBundleSizes } from './bench/bundle-size.mjs';
import { benchClientOverhead } from './bench/client-overhead.mjs';
import { benchContractRun } from './bench/contract-run.mjs';
import { benchMockStartup, loadMock } from './bench/mock.mjs';
import { benchMswScenarios } from './bench/msw-scenarios.mjs';
import { benchPipeline } from './bench/pipeline.mjs';
import { benchTestTimes } from './bench/test-times.mjs';
import { fromRepo } from './repo.mjs';

const flatten = (results) =>
  Object.fromEntries(
    Object.entries(results).flatMap(([mode, byName]) => Object.entries(byName).map(([name, r]) => [`${name} (${mode})`, r])),
  );

const PARTS = ['client', 'size', 'pipeline', 'mock', 'msw', 'contract', 'tests'];

runIfMain(import.meta.url, async (argv) => {
  let only;
  try {
    ({
      values: { only },
    } = parseArgs({ args: argv, options: { only: { type: 'string' } } }));
  } catch (error) {
    throw new UsageError(`${error.message.split('\n')[0]} (usage: npm run bench -- [--only ${PARTS.join('|')}])`);
  }
  if (only !== undefined && !PARTS.includes(only)) throw new UsageError(`--only takes one of ${PARTS.join(', ')}, got ${only}`);
  const wanted = (part) => only === undefined || only === part;
  /** @type {Record<string, unknown>} */
  const report = { takenAt: new Date().toISOString() };
  const machine = {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
  console.log(`machine: ${machine.cpus} × ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}\n`);
  report.machine = machine;

  if (wanted('client')) {
    const client = await step('client overhead', () => benchClientOverhead({ calls: 5000, rounds: 3, warmup: 500 }));
    console.log(`\nClient overhead: µs per call, median of ${client.rounds} rounds of ${client.calls} calls (ratio paired per round)`);
    console.table(flatten(client.results));
    report.client = client;
  }

  if (wanted('size')) {
    const sizes = await step('bundle sizes', () => benchBundleSizes());
    console.log('\nBundled by rolldown, tree-shaken, minified (bytes):');
    console.table(sizes);
    report.size = sizes;
  }

  if (wanted('pipeline')) {
    const pipeline = await step('pipeline', () => benchPipeline({ rounds: 3 }));
    console.log(`\nPipeline: npm run build ${pipeline.buildMs} ms against the bare CLIs' ${pipeline.bareSumMs} ms → ${pipeline.ratio}×`);
    console.table(pipeline.bareMs);
    report.pipeline = pipeline;
  }

  if (wanted('mock')) report.mock = await benchMock();

  if (wanted('msw')) {
    const msw = await step('MSW scenarios', () => benchMswScenarios({ rounds: 3 }));
    console.log(
      `\nA consumer's six test scenarios, median of ${msw.rounds}: MSW handlers in-process ${msw.mswInProcessMs} ms, the Prism mock (start, calls, stop) ${msw.prismMockMs} ms; the consumer's vitest file, wall ${msw.consumerFileVitestWallMs} ms`,
    );
    report.msw = msw;
  }

  if (wanted('contract')) {
    for (const depth of /** @type {const} */ (['quick', 'full'])) {
      const contract = await step(`contract run, depth ${depth}`, () => benchContractRun({ rounds: 3, depth }));
      console.log(
        `\nContract run against the reference server (default pace, --depth ${depth}), ${contract.rounds} runs: ${contract.medianMs} ms median (${contract.minMs}–${contract.maxMs})`,
      );
      report[depth === 'quick' ? 'contract' : 'contractFull'] = contract;
    }
  }

  if (wanted('tests')) {
    const tests = await step('npm test', async () => benchTestTimes({ rounds: 3 }));
    console.log(
      `\nnpm test (unit + contract), ${tests.rounds} runs: wall ${tests.wallMs.median} ms median (${tests.wallMs.min}–${tests.wallMs.max}), ${tests.failures} failed runs`,
    );
    console.table(tests.files);
    report.tests = tests;
  }

  await mkdir(fromRepo('dist'), { recursive: true });
  await writeFile(fromRepo('dist', 'bench.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log('\nwrote dist/bench.json');
});

async function benchMock() {
  const startup = await step('mock start-up', () => benchMockStartup({ rounds: 3 }));
  const prism = await startPrism();
  const load = await step('mock under load', () => loadMock({ url: prism.url, connections: 16, seconds: 5 })).finally(() => prism.close());
  console.log(
    `\nMock: start-up, spawn to first answer — prism CLI ${startup.prismCliMs} ms, in-process harness ${startup.inProcessHarnessMs} ms`,
  );
  console.log(
    `Mock under load (${load.connections} connections, ${load.seconds} s): ${load.requestsPerSecond} req/s, p50 ${load.latencyMs.p50} ms, p99 ${load.latencyMs.p99} ms, ${load.errors} errors, ${load.non2xx} non-2xx`,
  );

  return { startup, load };
}
