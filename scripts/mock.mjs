// `npm run mock`: the Prism mock of the bundled spec, for humans. Prints, for every operation of
// generated/operations.json, a curl command and which Prefer header selects which example.
import { parseArgs } from 'node:util';
import { curlCommand, loadOperations, preferHeaders } from './operations.mjs';
import { runIfMain } from './step.mjs';

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
  lines.push("An invalid request gets the spec's 400. Ctrl-C to stop.");
  return lines.join('\n');
}

/** Starts the mock and prints how to use it; resolves with the running Prism. Ctrl-C stops it. */
export async function runMock({ port = 4010, host = '127.0.0.1' } = {}) {
  // Loaded here, not at the top: Prism takes a second to load, and `--help` or a bad --port need none of it.
  const { startPrism } = await import('./prism.mjs');
  const prism = await startPrism({ port, host });
  console.log(`Prism mock of generated/openapi.yaml on ${prism.url} (ready in ${prism.startupMs} ms)\n`);
  console.log(await mockBanner(prism.url));
  const stop = async () => {
    await prism.close();
    console.log('\nPrism stopped.');
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return prism;
}

export function parsePort(value) {
  const port = Number(value);
  return Number.isInteger(port) && port >= 0 && port <= 65535 ? port : undefined;
}

runIfMain(import.meta.url, async (argv) => {
  const { values } = parseArgs({ args: argv, options: { port: { type: 'string', default: '4010' }, host: { type: 'string', default: '127.0.0.1' } } });
  const port = parsePort(values.port);
  if (port === undefined) {
    console.error(`--port must be 0-65535, got ${values.port}`);
    process.exit(2);
  }
  await runMock({ port, host: values.host });
});
