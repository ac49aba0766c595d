// Runs the contract suite (packages/toolkit/contract/) against the Prism mock, or with --upstream URL against
// a real server through Prism's validating proxy. Before any test: the server must answer, and
// unless it is the bundled reference server, every identity variable must be set. Exits 2 when
// it cannot start, 1 on any violation.
import { spawn } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { identityRedactor, missingIdentityVariables, pipeRedacted } from './contract-identity.mjs';
import { fromPackage, UsageError } from './step.mjs';
import { vitestBin, vitestRun } from './vitest-run.mjs';

/** The reference server says who it is, so the suite may use its built-in identity. */
export const REFERENCE_HEADER = 'x-plaid-refresh-reference-server';

const positiveInt = (value, max) => (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= max ? Number(value) : undefined);

/**
 * The run's options from the command line's values (`plaid-refresh contract`, in packages/toolkit/lib/cli.mjs).
 * @param {{ upstream?: string, rate?: string, concurrency?: string, timeout?: string, reporter?: string, output?: string, depth?: string, burst?: boolean }} values
 * @returns {{ upstream?: string, rate: number, concurrency: number, timeoutMs: number, reporter?: string, output?: string, depth: 'quick' | 'full', burst: boolean }}
 */
export function contractOptions({ upstream, rate = '25', concurrency = '1', timeout = '8000', reporter, output, depth, burst }) {
  if (upstream !== undefined) {
    let url;
    try {
      url = new URL(upstream);
    } catch {
      throw new UsageError(`--upstream is not a URL: ${JSON.stringify(upstream)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--upstream must be http(s): ${upstream}`);
  }
  const within = (value, max, problem) => {
    const number = positiveInt(value, max);
    if (number === undefined) throw new UsageError(`${problem}, got ${value}`);
    return number;
  };
  const options = {
    upstream,
    rate: within(rate, 10_000, '--rate must be a whole number of requests per second, 1-10000'),
    concurrency: within(concurrency, 16, '--concurrency must be 1-16'),
    timeoutMs: within(timeout, 600_000, '--timeout must be milliseconds, 1-600000'),
  };
  if (reporter !== undefined && !['json', 'junit', 'markdown'].includes(reporter)) {
    throw new UsageError(`--reporter must be json, junit or markdown, got ${reporter}`);
  }
  if (depth !== undefined && depth !== 'quick' && depth !== 'full') throw new UsageError(`--depth must be quick or full, got ${depth}`);
  return {
    ...options,
    reporter,
    output,
    depth: /** @type {'quick' | 'full'} */ (depth ?? (upstream ? 'quick' : 'full')),
    burst: Boolean(burst),
  };
}

/**
 * Whether the server answers at all, and whether it is the bundled reference server.
 * @param {string} upstream
 * @returns {Promise<{ error?: string, reference?: boolean }>}
 */
export async function probeUpstream(upstream, timeoutMs = 5_000) {
  try {
    const response = await fetch(upstream, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    await response.body?.cancel();
    return { reference: response.headers.get(REFERENCE_HEADER) === '1' };
  } catch (error) {
    const cause =
      error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (error.cause?.code ?? error.cause?.message ?? error.message);
    return { error: `cannot reach ${upstream}: ${cause} — is the server running?` };
  }
}

/**
 * Everything that must hold before a run against `upstream`: one line saying what does not.
 * @param {string} upstream
 * @param {Record<string, string | undefined>} [env]
 */
export async function preflight(upstream, env = process.env) {
  const probe = await probeUpstream(upstream);
  if (probe.error) return probe.error;
  const missing = missingIdentityVariables(env);
  if (!probe.reference && missing.length > 0) {
    return `${upstream} is not the bundled reference server: set ${missing.join(', ')} (see --help)`;
  }
  return undefined;
}

/**
 * Starts Prism here, in this process, while vitest boots in its own: loading Prism is the slowest
 * part of a run's start, and the two overlap. The suite's global setup reads where Prism is from
 * the handoff file, written (whole, by rename) once Prism answers; Prism stops when vitest exits.
 * @param {string | undefined} upstream
 * @param {import('node:child_process').ChildProcess} child
 * @param {string} dir a private directory for the handoff file and Prism's log
 */
function startPrismFor(upstream, child, dir) {
  const handoff = path.join(dir, 'prism.json');
  const logFile = path.join(dir, 'prism.log');
  const started = performance.now();
  const prism = import('./prism.mjs').then(({ startPrism }) => startPrism({ upstream, logFile }));
  const write = (value) => {
    writeFileSync(`${handoff}.tmp`, JSON.stringify(value));
    renameSync(`${handoff}.tmp`, handoff);
  };
  prism.then(
    (p) => write({ url: p.url, directUrl: p.directUrl ?? '', log: logFile, readyMs: Math.round(performance.now() - started) }),
    (error) => write({ error: String(error?.message ?? error) }),
  );
  child.once('exit', () => {
    prism
      .then((p) => p.close())
      .catch(() => {})
      .finally(() => rmSync(dir, { recursive: true, force: true }));
  });
  return handoff;
}

/**
 * @param {{ upstream?: string, rate?: number, concurrency?: number, timeoutMs?: number, stdio?: 'inherit' | 'pipe' | 'ignore', env?: Record<string, string | undefined>, resultsDir?: string, depth?: 'quick' | 'full', burst?: boolean }} [options]
 *   resultsDir: where the suite writes every exchange's check results (the reporters read them)
 * @returns {import('node:child_process').ChildProcess}
 */
export function runContract({
  upstream,
  rate = 25,
  concurrency = 1,
  timeoutMs = 8_000,
  stdio = 'inherit',
  env = process.env,
  resultsDir,
  depth = upstream ? 'quick' : 'full',
  burst = false,
} = {}) {
  const args = [vitestBin(), ...vitestRun, '--config', fromPackage('contract', 'vitest.config.ts'), '--project', 'contract'];
  // Against a server, the pace is ours to keep: one file at a time unless asked for more.
  if (upstream) args.push('--maxWorkers', String(concurrency));
  const dir = mkdtempSync(path.join(tmpdir(), 'contract-prism-'));
  const child = spawn(process.execPath, args, {
    cwd: fromPackage(),
    env: {
      ...env,
      CONTRACT_UPSTREAM: upstream ?? '',
      CONTRACT_RATE: String(Math.max(1, Math.floor(rate / concurrency))),
      CONTRACT_TIMEOUT_MS: String(timeoutMs),
      CONTRACT_DEPTH: depth,
      CONTRACT_BURST: burst ? '1' : '',
      CONTRACT_PRISM_HANDOFF: path.join(dir, 'prism.json'),
      ...(resultsDir ? { CONTRACT_RESULTS_DIR: resultsDir } : {}),
    },
    stdio,
  });
  startPrismFor(upstream, child, dir);
  return child;
}

/**
 * The check results the suite wrote, as one run for the reporters: every exchange in the order the
 * workers judged them, numbered.
 * @param {string} dir
 * @param {string} source
 */
export async function collectResults(dir, source) {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl')).sort();
  const lines = (await Promise.all(files.map((f) => readFile(path.join(dir, f), 'utf8')))).flatMap((text) =>
    text.split('\n').filter(Boolean),
  );
  const records = lines.map((line) => JSON.parse(line));
  const exchanges = records.filter((r) => r.results).map((r, index) => ({ ...r, index }));
  return { source, ignored: 0, exchanges, probes: records.filter((r) => r.probe).map((r) => r.probe) };
}

/** The suite's output is piped: it is coloured as ours would be, never when ours is not a terminal. */
const colourAsOurs = (env) =>
  process.stdout.isTTY && !env.NO_COLOR ? { ...env, FORCE_COLOR: env.FORCE_COLOR ?? '1' } : { ...env, NO_COLOR: '1', FORCE_COLOR: '0' };

/**
 * Runs the suite, prints what it covered, then writes the check report if one was asked for.
 * Resolves with the exit code.
 * @param {ReturnType<typeof contractOptions>} options
 */
export async function contractWithReport(options) {
  const resultsDir = await mkdtemp(path.join(tmpdir(), 'contract-results-'));
  try {
    // The suite prints answers as the server sent them: through the identity's redactor.
    const redact = identityRedactor();
    const child = runContract({ ...options, resultsDir, stdio: 'pipe', env: colourAsOurs(process.env) });
    if (child.stdout) pipeRedacted(child.stdout, process.stdout, redact);
    if (child.stderr) pipeRedacted(child.stderr, process.stderr, redact);
    // 'close', not 'exit': the suite's piped output is all written before the coverage report.
    const code = await new Promise((resolve) => child.on('close', (c, signal) => resolve(c ?? (signal ? 130 : 1))));
    const collected = await collectResults(resultsDir, options.upstream ?? 'the Prism mock');
    const [{ coverageOf, coverageText }, { loadOperations }] = await Promise.all([import('./coverage.mjs'), import('./operations.mjs')]);
    const { document, operations } = await loadOperations();
    const table = Object.fromEntries(operations.map(({ operationId, sample: _, ...row }) => [operationId, row]));
    const coverage = coverageOf(document, table, collected, { depth: options.depth ?? 'quick', live: Boolean(options.upstream) });
    const { probes: _probes, ...run } = { ...collected, coverage };
    console.log(coverageText(coverage));
    if (options.reporter) {
      const { writeReport } = await import('./check-reports.mjs');
      const report = writeReport(run, options.reporter, redact);
      if (options.output) await writeFile(options.output, `${report}\n`);
      else console.log(report);
      if (process.env.GITHUB_STEP_SUMMARY) await appendFile(process.env.GITHUB_STEP_SUMMARY, `${writeReport(run, 'markdown', redact)}\n`);
    }
    return code;
  } finally {
    await rm(resultsDir, { recursive: true, force: true });
  }
}
