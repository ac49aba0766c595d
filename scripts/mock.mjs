// `npm run mock`: the Prism mock of the bundled spec, for humans. Prints the URL and which
// Prefer header selects which example; Ctrl-C stops it.
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { fromRoot, runIfMain } from './step.mjs';
import YAML from 'yaml';

/** Every response status and its named examples, from the bundle. */
export async function examplesByStatus(document = fromRoot('generated', 'openapi.yaml')) {
  const spec = YAML.parse(await readFile(document, 'utf8'));
  const responses = spec.paths['/user/financial_data/refresh'].post.responses;
  return Object.entries(responses).map(([status, response]) => {
    const resolved = response.$ref ? spec.components.responses[response.$ref.split('/').pop()] : response;
    return [status, Object.keys(resolved.content['application/json'].examples ?? {})];
  });
}

/** Starts the mock and prints how to use it; resolves with the running Prism. Ctrl-C stops it. */
export async function runMock({ port = 4010, host = '127.0.0.1' } = {}) {
  // Loaded here, not at the top: Prism takes a second to load, and `--help` or a bad --port need none of it.
  const { startPrism } = await import('./prism.mjs');
  const prism = await startPrism({ port, host });
  const endpoint = `${prism.url}/user/financial_data/refresh`;
  console.log(`Prism mock of POST /user/financial_data/refresh on ${prism.url} (ready in ${prism.startupMs} ms)\n`);
  console.log(`  curl -X POST ${endpoint} -H 'Content-Type: application/json' -d '{"user_id":"usr_8c3ZbDBYjaqUXZ"}'\n`);
  console.log('Choose the answer with a Prefer header:');
  for (const [status, names] of await examplesByStatus()) {
    for (const name of names) {
      const prefer = status === '200' ? `example=${name}` : status === 'default' ? null : `code=${status}, example=${name}`;
      if (prefer) console.log(`  Prefer: ${prefer.padEnd(44)} → ${status} ${name}`);
    }
  }
  console.log('  Prefer: dynamic=true                                 → 200 generated from the schema');
  console.log("\nAn invalid request gets the spec's 400. Ctrl-C to stop.");
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
