// `plaid-refresh mock` (and `npm run mock`): the Prism mock of the bundled spec, for humans. Prints, for every operation of
// generated/operations.json, a curl command and which Prefer header selects which example.
import { rm, writeFile } from 'node:fs/promises';
import { holdLifeline } from './lifeline.mjs';
import { curlCommand, loadOperations, preferHeaders } from './operations.mjs';
import { UsageError } from './step.mjs';

/** What the mock serves and how to reach each named example, one block per operation. */
export async function mockBanner(url, dir) {
  const { operations } = await loadOperations(dir);
  const lines = [];
  for (const row of operations) {
    lines.push(`${row.method.toUpperCase()} ${row.path}  (${row.operationId}: ${row.summary})`, '');
    lines.push(`  ${curlCommand(url, row, { credentials: false }).replaceAll('\n', '\n  ')}`, '');
    lines.push('  Choose the answer with a Prefer header:');
    for (const [status, name, prefer] of preferHeaders(row)) lines.push(`    Prefer: ${prefer.padEnd(40)} → ${status} ${name}`);
    lines.push(`    Prefer: ${'dynamic=true'.padEnd(40)} → a success generated from the schema`, '');
  }
  lines.push("An invalid request gets the spec's 400, naming what is wrong; a success echoes the request's user_id.");
  lines.push('The mock runs until it is stopped: Ctrl-C, or SIGTERM to its pid.');
  return lines.join('\n');
}

/**
 * Starts the mock and prints how to use it; resolves with the running Prism. It runs until it is
 * stopped (Ctrl-C, SIGTERM), like any server, so one CI step can start it and the next use it.
 * @param {{ port?: number, host?: string, pidFile?: string }} [options] pidFile: written once ready, removed on stop
 */
export async function runMock({ port = 4010, host = '127.0.0.1', pidFile } = {}) {
  // From the first moment: a CI script may stop us while Prism is still loading.
  const stopper = stopOnSignal(pidFile);
  // Loaded here, not at the top: Prism takes a second to load, and `--help` or a bad --port need none of it.
  const { PortBusy, startPrism } = await import('./prism.mjs');
  const prism = await startPrism({ port, host }).catch((error) => {
    throw error instanceof PortBusy ? new UsageError(error.message) : error;
  });
  if (pidFile) {
    await writeFile(pidFile, `${process.pid}\n`).catch(async (error) => {
      await prism.close();
      throw new UsageError(`cannot write --pid-file ${pidFile}: ${error.code ?? error.message}`);
    });
  }
  console.log(`Prism mock of generated/openapi.yaml on ${prism.url} (ready in ${prism.startupMs} ms, pid ${process.pid})\n`);
  console.log(await mockBanner(prism.url));
  stopper.started(prism);
  return prism;
}

/**
 * Frees the port on SIGINT, SIGTERM or SIGHUP, and when whoever started the mock is gone; before
 * Prism has started, it just exits.
 */
function stopOnSignal(pidFile) {
  /** @type {{ close(): Promise<void> } | undefined} */
  let prism;
  let stopping = false;
  const stop = async (why) => {
    if (stopping) return;
    stopping = true;
    // Whatever Prism does on close, the process is gone within the second.
    setTimeout(() => process.exit(0), 1_000).unref();
    await prism?.close().catch(() => {});
    if (pidFile) await rm(pidFile, { force: true }).catch(() => {});
    console.log(`Prism stopped (${why}).`);
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, () => stop(signal));
  holdLifeline(stop);
  return { started: (running) => (prism = running) };
}

/** @param {string} value */
export function parsePort(value) {
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  return port <= 65535 ? port : undefined;
}
