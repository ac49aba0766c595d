// `npm run bench`: client overhead, pipeline and mock, measured side by side in one run. Prints
// tables and writes dist/bench.json. Needs `npm run build` first (it measures dist/lib).
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { benchClientOverhead } from './bench/client-overhead.mjs';
import { benchMockStartup, loadMock } from './bench/mock.mjs';
import { benchPipeline } from './bench/pipeline.mjs';
import { startPrism } from './prism.mjs';
import { fromRoot, runIfMain, step } from './step.mjs';

const flatten = (results) =>
  Object.fromEntries(
    Object.entries(results).flatMap(([mode, byName]) => Object.entries(byName).map(([name, r]) => [`${name} (${mode})`, r])),
  );

runIfMain(import.meta.url, async () => {
  const machine = {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
  console.log(`machine: ${machine.cpus} × ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}\n`);

  const client = await step('client overhead', () => benchClientOverhead({ calls: 5000, rounds: 3, warmup: 500 }));
  console.log(`\nClient overhead: µs per call, median of ${client.rounds} rounds of ${client.calls} calls (ratio paired per round)`);
  console.table(flatten(client.results));

  const pipeline = await step('pipeline', () => benchPipeline({ rounds: 3 }));
  console.log(`\nPipeline: npm run build ${pipeline.buildMs} ms against the bare CLIs' ${pipeline.bareSumMs} ms → ${pipeline.ratio}×`);
  console.table(pipeline.bareMs);

  const startup = await step('mock start-up', () => benchMockStartup({ rounds: 3 }));
  const prism = await startPrism();
  const load = await step('mock under load', () => loadMock({ url: prism.url, connections: 16, seconds: 5 })).finally(() => prism.close());
  console.log(
    `\nMock: start-up, spawn to first answer — prism CLI ${startup.prismCliMs} ms, in-process harness ${startup.inProcessHarnessMs} ms`,
  );
  console.log(
    `Mock under load (${load.connections} connections, ${load.seconds} s): ${load.requestsPerSecond} req/s, p50 ${load.latencyMs.p50} ms, p99 ${load.latencyMs.p99} ms, ${load.errors} errors, ${load.non2xx} non-2xx`,
  );

  await mkdir(fromRoot('dist'), { recursive: true });
  const report = { takenAt: new Date().toISOString(), machine, client, pipeline, mock: { startup, load } };
  await writeFile(fromRoot('dist', 'bench.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log('\nwrote dist/bench.json');
});
