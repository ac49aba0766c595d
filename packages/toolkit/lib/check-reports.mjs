// One result model, several writers: text for a terminal, JSON and JUnit for CI, Markdown for
// GITHUB_STEP_SUMMARY. A writer formats; it never decides. Every writer's output goes through
// `redact`, so no credential of the judged traffic reaches a report.
import junit from 'junit-report-builder';
import { checks } from './checks.mjs';
import { coverageMarkdown } from './coverage.mjs';

/**
 * @typedef {{ index: number, operationId?: string, method: string, path: string, status: number, results: import('./checks.mjs').CheckResult[] }} JudgedExchange
 * @typedef {{ source: string, exchanges: JudgedExchange[], ignored: number, coverage?: import('./coverage.mjs').Coverage }} CheckRun
 */

export const REPORTERS = ['text', 'json', 'junit', 'markdown'];

const failures = (run) => run.exchanges.flatMap((x) => x.results.filter((r) => r.problems.length > 0).map((r) => ({ x, r })));

/** Per check × operation: how many exchanges it judged, and their problems. */
function byCheckAndOperation(run) {
  const table = new Map();
  for (const x of run.exchanges) {
    for (const r of x.results) {
      const key = `${r.check}\u0000${x.operationId ?? 'unknown'}`;
      const entry = table.get(key) ?? { check: r.check, operationId: x.operationId ?? 'unknown', judged: 0, skipped: [], problems: [] };
      if (r.skipped) entry.skipped.push(r.skipped);
      else entry.judged++;
      for (const problem of r.problems) entry.problems.push(`exchange ${x.index} (${x.method} ${x.path} → ${x.status}): ${problem}`);
      table.set(key, entry);
    }
  }
  return [...table.values()];
}

const summaryLine = (run) => {
  const failed = failures(run);
  const exchanges = new Set(failed.map(({ x }) => x.index)).size;
  return failed.length === 0
    ? `✔ ${run.exchanges.length} exchanges conform (${checks.length} checks each; ${run.ignored} not judged: other APIs, or no response)`
    : `✘ ${exchanges} of ${run.exchanges.length} exchanges break the contract: ${failed.length} findings (${run.ignored} not judged: other APIs, or no response)`;
};

/** @type {Record<string, (run: CheckRun) => string>} */
const writers = {
  text(run) {
    const lines = failures(run).map(
      ({ x, r }) => `exchange ${x.index} ${x.method} ${x.path} → ${x.status}: ${r.check}: ${r.problems.join('; ')}`,
    );
    return [...lines, summaryLine(run)].join('\n');
  },
  json(run) {
    return JSON.stringify(
      {
        ...run,
        checks: checks.map(({ id, rule, scope }) => ({ id, rule, scope })),
        conforms: failures(run).length === 0,
      },
      null,
      2,
    );
  },
  junit(run) {
    // A CommonJS module: its default export is the builder itself.
    const builder = /** @type {import('junit-report-builder').Builder} */ (/** @type {unknown} */ (junit)).newBuilder();
    const suite = builder.testSuite().name(`plaid-refresh contract checks: ${run.source}`);
    for (const entry of byCheckAndOperation(run)) {
      const test = suite.testCase().className(entry.operationId).name(entry.check);
      if (entry.problems.length > 0) test.failure(entry.problems.join('\n'), entry.check);
      else if (entry.judged === 0) test.skipped().standardOutput(`not applicable: ${[...new Set(entry.skipped)].join('; ')}`);
    }
    return builder.build();
  },
  markdown(run) {
    const rows = byCheckAndOperation(run).map(
      (e) =>
        `| \`${e.check}\` | ${e.operationId} | ${e.judged} | ${e.problems.length === 0 ? (e.judged === 0 ? 'not applicable' : '✔') : `✘ ${e.problems.length}`} |`,
    );
    const details = failures(run)
      .slice(0, 50)
      .map(({ x, r }) => `- exchange ${x.index} \`${x.method} ${x.path}\` → ${x.status}, \`${r.check}\`: ${r.problems.join('; ')}`);
    return [
      `### Contract checks: ${run.source}`,
      '',
      summaryLine(run),
      '',
      '| check | operation | exchanges judged | result |',
      '|---|---|---|---|',
      ...rows,
      '',
      ...details,
      '',
      ...(run.coverage ? [coverageMarkdown(run.coverage)] : []),
    ].join('\n');
  },
};

/**
 * @param {CheckRun} run
 * @param {string} reporter one of REPORTERS
 * @param {(text: string) => string} redact
 */
export const writeReport = (run, reporter, redact) => redact(/** @type {(run: CheckRun) => string} */ (writers[reporter])(run));

/** Whether every exchange conforms. */
export const conforms = (run) => failures(run).length === 0;
