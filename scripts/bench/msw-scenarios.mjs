// A consumer's six unit-test scenarios (test/msw/consumer-scenarios.test.ts) two ways: with the
// toolkit's MSW handlers in this process, and against the Prism mock (started and stopped as a
// consumer's test run would), plus the wall time of the consumer's vitest file itself.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { vitestBin, vitestRun } from '../../packages/toolkit/lib/vitest-run.mjs';
import { clientDistDir } from '../compile.mjs';
import { fromRepo } from '../repo.mjs';
import { median } from './stats.mjs';

const OP = 'userFinancialDataRefresh';
/** Each scenario: how MSW answers it, how the mock is asked for it, the body sent. */
const scenarios = [
  { use: undefined, prefer: undefined, body: { user_id: 'usr_1' } },
  { use: { status: 200, example: 'SomeItemsFailed' }, prefer: 'code=200, example=SomeItemsFailed', body: { user_id: 'usr_1' } },
  { sequence: [{ status: 503 }, { status: 200 }], prefer: 'code=503', body: { user_id: 'usr_1' } },
  { use: { status: 429, example: 'RateLimitExceeded', headers: { 'Retry-After': '120' } }, prefer: 'code=429', body: { user_id: 'usr_1' } },
  { use: undefined, prefer: undefined, body: { user_id: '' } },
  {
    use: { status: 200, body: { request_id: 'r', user_id: 'u', results: [] } },
    prefer: 'code=200, example=NoItems',
    body: { user_id: 'usr_1' },
  },
];

async function runScenarios(createPlaidClient, baseUrl, before) {
  const plaid = createPlaidClient({
    ...(baseUrl ? { baseUrl } : { environment: 'sandbox' }),
    clientId: 'c',
    secret: 'bench_secret_0000',
    retry: { attempts: 1 },
  });
  for (const scenario of scenarios) {
    before?.(scenario);
    const prefer = baseUrl && scenario.prefer ? { headers: { Prefer: scenario.prefer } } : {};
    await plaid.refreshUserFinancialData(scenario.body, prefer);
    // The 503-then-200 scenario sends a second request; against the mock, a plain one.
    if (scenario.sequence) await plaid.refreshUserFinancialData(scenario.body);
  }
}

export async function benchMswScenarios({ rounds = 3 } = {}) {
  const { createPlaidClient } = await import(pathToFileURL(path.join(clientDistDir, 'src', 'index.js')).href);
  const { setupServer } = await import('msw/node');
  const { answer, plaidHandlers, sequence } = await import('../../packages/toolkit/lib/msw.mjs');
  const { startPrism } = await import('../../packages/toolkit/lib/prism.mjs');
  const msw = [];
  const mock = [];
  for (let r = 0; r < rounds; r++) {
    let started = performance.now();
    const server = setupServer(...plaidHandlers());
    server.listen({ onUnhandledRequest: 'error' });
    await runScenarios(createPlaidClient, undefined, (s) => {
      server.resetHandlers();
      if (s.use) server.use(answer(OP, s.use));
      if (s.sequence) server.use(sequence(OP, s.sequence));
    });
    server.close();
    msw.push(performance.now() - started);

    started = performance.now();
    const prism = await startPrism();
    await runScenarios(createPlaidClient, prism.url);
    await prism.close();
    mock.push(performance.now() - started);
  }
  const vitest = [...vitestRun, '--project', 'unit', 'test/msw/consumer-scenarios.test.ts'];
  const runFile = () =>
    spawnSync(process.execPath, [vitestBin(), ...vitest], {
      cwd: fromRepo(),
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
  runFile(); // warms the file system cache, as a developer's second run would find it
  const startedVitest = performance.now();
  const measured = runFile();
  const vitestWallMs = Math.round(performance.now() - startedVitest);
  if (measured.status !== 0) throw new Error(`the MSW scenarios file failed:\n${measured.stdout}${measured.stderr}`);
  return {
    rounds,
    mswInProcessMs: Math.round(median(msw)),
    prismMockMs: Math.round(median(mock)),
    consumerFileVitestWallMs: vitestWallMs,
  };
}
