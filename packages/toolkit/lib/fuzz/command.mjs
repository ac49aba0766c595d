// `plaid-refresh fuzz` (packages/toolkit/lib/cli.mjs defines the command): its options, the run against the
// mock or through Prism's proxy, and the report, each failure with its replay line and a curl.
import { contractIdentity, identityRedactor } from '../contract-identity.mjs';
import { runFuzz } from '../fuzz.mjs';
import { UsageError } from '../step.mjs';

/** What each expectation asks of the answer, in a failure's words. */
const EXPECTED = {
  accept: 'a success',
  refuse: 'a 400 PlaidError',
  deny: 'anything but a success',
  answer: 'a success or a 4xx PlaidError',
};

/**
 * @param {Awaited<ReturnType<typeof runFuzz>>} report
 * @param {number} elapsedMs
 * @param {string} command how to run this fuzzer again, before its --seed/--cases/--case flags
 */
export function printReport(
  { seed, count, byKind, byOperation, skipped, failures },
  elapsedMs,
  command = 'npm run fuzz --',
  redact = (/** @type {string} */ text) => text,
) {
  console.log(`fuzz: seed ${seed}, ${count} cases in ${Math.round(elapsedMs)} ms (replay: ${command} --seed ${seed} --cases ${count})`);
  console.table(Object.fromEntries(Object.entries(byOperation).sort()));
  console.table(Object.fromEntries(Object.entries(byKind).sort()));
  for (const reason of skipped) console.log(redact(`- not fuzzed: ${reason}`));
  for (const f of failures.slice(0, 20)) {
    console.log(redact(`✘ case ${f.index} (${f.operationId}, ${f.probe}): expected ${EXPECTED[f.expected]}, ${f.problem}`));
    console.log(`  replay this case: ${command} --seed ${f.seed} --case ${f.index}`);
    console.log(redact(`  or send it yourself (set PLAID_CLIENT_ID and PLAID_SECRET):\n  ${f.curl.replaceAll('\n', '\n  ')}`));
  }
  if (failures.length > 20) console.log(`… and ${failures.length - 20} more`);
  console.log(failures.length === 0 ? '✔ every response was what the spec requires' : `${failures.length} of ${count} cases failed`);
}

/**
 * The fuzzer's options from the command line's values (`plaid-refresh fuzz`, in packages/toolkit/lib/cli.mjs);
 * a bad one is a UsageError.
 * @param {{ seed?: string, cases?: string, count?: string, case?: string, upstream?: string, concurrency?: string }} values
 */
export function fuzzOptions(values) {
  const whole = (name, value, min, max = Number.MAX_SAFE_INTEGER) => {
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new UsageError(
        `--${name} must be a whole number ≥ ${min}${max < Number.MAX_SAFE_INTEGER ? ` and ≤ ${max}` : ''}, got ${value}`,
      );
    }
    return Number(value);
  };
  if (values.upstream !== undefined && !(/^https?:\/\//.test(values.upstream) && URL.canParse(values.upstream)))
    throw new UsageError(`--upstream must be an http(s) URL, got ${values.upstream}`);
  return {
    upstream: values.upstream,
    // The generator's state is 32 bits: a larger seed would replay another's run.
    seed: whole('seed', values.seed, 0, 2 ** 32 - 1) ?? Math.floor(Math.random() * 2 ** 31),
    count: /** @type {number} */ (whole('cases', values.count ?? values.cases ?? '1000', 1)),
    only: whole('case', values.case, 0),
    concurrency: /** @type {number} */ (whole('concurrency', values.concurrency ?? '8', 1)),
  };
}

/**
 * The fuzzer from the command line: against the mock, or through the proxy to `upstream`.
 * Resolves 0 when every case was answered as the spec requires, 1 when one was not (the CLI refuses a server it cannot reach first).
 * @param {ReturnType<typeof fuzzOptions>} options
 * @param {string} command how the user ran it, for the replay lines
 */
export async function fuzzCommand({ upstream, seed, count, only, concurrency }, command) {
  const { startPrism } = await import('../prism.mjs');
  const prism = await startPrism({ upstream });
  console.log(upstream ? `fuzzing ${upstream} through Prism's validating proxy` : 'fuzzing the Prism mock');
  const started = performance.now();
  try {
    const identity = upstream ? contractIdentity() : {};
    const report = await runFuzz({
      url: prism.url,
      seed,
      count,
      only,
      concurrency,
      identity,
      realServer: Boolean(upstream),
      direct: prism.directUrl,
      server: upstream,
    });
    const replay = `${command}${upstream ? ` --upstream ${upstream}` : ''}`;
    printReport(report, performance.now() - started, replay, upstream ? identityRedactor() : undefined);
    return report.failures.length === 0 ? 0 : 1;
  } finally {
    await prism.close();
  }
}
