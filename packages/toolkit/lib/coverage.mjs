// What a contract run proved, per operation, against what the spec declares: the statuses that
// were answered, the named examples served, and the probe table's families, subjects and rules
// with how many probes each got. Anything declared and not exercised is listed with the reason.
import { sampleBody } from './operations.mjs';
import { requestProbes } from './probes.mjs';
import { declaredResponse } from './spec-ajv.mjs';

/**
 * @typedef {{ operationId: string, family: string, subject: string, rule: string, expect: string }} SentProbe
 * @typedef {{ family: string, subject: string, rule: string, declared: number, sent: number, reason?: string }} ProbeCoverage
 * @typedef {{ statuses: { declared: string[], answered: Record<string, number>, missing: { status: string, reason: string }[] },
 *   examples: { declared: number, served: string[], missing: { example: string, reason: string }[] },
 *   probes: ProbeCoverage[] }} OperationCoverage
 * @typedef {{ depth: string, live: boolean, operations: Record<string, OperationCoverage> }} Coverage
 */

const PLACEHOLDER = { clientId: 'coverage_client_id', secret: 'coverage_secret_0000' };

/**
 * @param {object} document the bundled spec
 * @param {Record<string, import('./spec-ajv.mjs').OperationRow>} table
 * @param {{ exchanges: { operationId?: string, status: number, example?: string }[], probes: SentProbe[] }} run
 * @param {{ depth: 'quick' | 'full', live: boolean }} options live: a real server (not the mock)
 * @returns {Coverage}
 */
export function coverageOf(document, table, run, { depth, live }) {
  /** @type {Record<string, OperationCoverage>} */
  const operations = {};
  for (const [operationId, row] of Object.entries(table)) {
    const exchanges = run.exchanges.filter((x) => x.operationId === operationId);
    /** @type {Record<string, number>} */
    const answered = {};
    for (const x of exchanges) {
      const key = declaredResponse(row, x.status)?.key ?? `${x.status} (undeclared)`;
      answered[key] = (answered[key] ?? 0) + 1;
    }
    const declaredStatuses = Object.keys(row.responses);
    const missingStatuses = declaredStatuses
      .filter((status) => !answered[status])
      .map((status) => ({
        status,
        reason:
          !live && status === 'default'
            ? 'Prism cannot select the default response by status'
            : live && status === '429'
              ? 'no request of this run got it from the server (--burst provokes one)'
              : live
                ? 'no request of this run got it from the server (only the server decides when it fails)'
                : 'no request of this run selected it',
      }));

    const declaredExamples = Object.entries(row.responses).flatMap(([status, response]) =>
      response.examples.map((example) => `${status} ${example.name ?? '(example)'}`),
    );
    const served = [...new Set(exchanges.flatMap((x) => (x.example ? [`${x.status} ${x.example}`] : [])))];
    const missingExamples = declaredExamples
      .filter((example) => !served.includes(example))
      .map((example) => ({
        example,
        reason: live
          ? "a real server's answers are its own, not the spec's examples"
          : example.startsWith('default ')
            ? 'Prism cannot select the default response by status'
            : 'not selected by this run',
      }));

    const { probes, unprobed } = requestProbes(document, operationId, row, {
      base: sampleBody(document, row) ?? {},
      credentials: PLACEHOLDER,
      random: () => 0.5,
    });
    /** @type {Map<string, ProbeCoverage>} */
    const groups = new Map();
    const keyOf = (p) => `${p.family}\0${p.subject}\0${p.rule}`;
    for (const p of probes) {
      const group = groups.get(keyOf(p)) ?? { family: p.family, subject: p.subject, rule: p.rule, declared: 0, sent: 0 };
      group.declared++;
      if (p.live && !live) group.reason = 'only a real server knows which credentials are right';
      groups.set(keyOf(p), group);
    }
    for (const sent of run.probes.filter((p) => p.operationId === operationId)) {
      const group = groups.get(keyOf(sent));
      if (group) group.sent++;
    }
    for (const group of groups.values()) {
      if (group.sent === 0) group.reason ??= depth === 'quick' ? 'not at depth quick (--depth full sends it)' : 'not sent by this run';
      else delete group.reason;
    }
    for (const u of unprobed)
      groups.set(keyOf(u), { family: u.family, subject: u.subject, rule: u.rule, declared: 0, sent: 0, reason: u.reason });
    operations[operationId] = {
      statuses: { declared: declaredStatuses, answered, missing: missingStatuses },
      examples: { declared: declaredExamples.length, served, missing: missingExamples },
      probes: [...groups.values()],
    };
  }
  return { depth, live, operations };
}

/** @param {Coverage} coverage */
export function coverageText(coverage) {
  const lines = [`coverage (depth ${coverage.depth}, ${coverage.live ? 'a real server' : 'the mock'}):`];
  for (const [operationId, op] of Object.entries(coverage.operations)) {
    const answered = Object.entries(op.statuses.answered).map(([status, n]) => `${status} ×${n}`);
    lines.push(`  ${operationId}`);
    lines.push(`    statuses answered: ${answered.join(', ') || 'none'}`);
    for (const m of op.statuses.missing) lines.push(`    ✗ status ${m.status} not seen: ${m.reason}`);
    lines.push(`    examples served: ${op.examples.served.length} of ${op.examples.declared}`);
    const families = new Map();
    for (const p of op.probes) {
      const f = families.get(p.family) ?? { sent: 0, groups: 0, covered: 0 };
      f.sent += p.sent;
      f.groups++;
      if (p.sent > 0) f.covered++;
      families.set(p.family, f);
    }
    for (const [family, f] of families) lines.push(`    ${family}: ${f.sent} probes over ${f.covered} of ${f.groups} subject × rule pairs`);
    for (const p of op.probes.filter((p) => p.sent === 0)) lines.push(`    ✗ ${p.family} · ${p.subject} · ${p.rule}: ${p.reason}`);
  }
  return lines.join('\n');
}

/** @param {Coverage} coverage */
export function coverageMarkdown(coverage) {
  const out = [`#### Coverage (depth ${coverage.depth})`, ''];
  for (const [operationId, op] of Object.entries(coverage.operations)) {
    const answered = Object.entries(op.statuses.answered).map(([status, n]) => `${status} ×${n}`);
    out.push(
      `**${operationId}**: statuses ${answered.join(', ') || 'none'}; examples served ${op.examples.served.length} of ${op.examples.declared}`,
      '',
    );
    out.push('| family | subject | rule | probes sent | of | not sent because |', '|---|---|---|---|---|---|');
    for (const p of op.probes) out.push(`| ${p.family} | ${p.subject} | ${p.rule} | ${p.sent} | ${p.declared} | ${p.reason ?? ''} |`);
    for (const m of op.statuses.missing) out.push(`| status | ${m.status} | | 0 | 1 | ${m.reason} |`);
    out.push('');
  }
  return out.join('\n');
}
