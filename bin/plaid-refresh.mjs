#!/usr/bin/env node
// plaid-refresh: what another repo needs from this package, without cloning it — generate types
// (and a client) from the packaged spec, start the mock, run the contract suite against a server,
// lint a spec with our rules. Each command is a thin front for a script in ../scripts/.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { identityHelp } from '../scripts/contract-identity.mjs';
import { UsageError } from '../scripts/step.mjs';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const bundledJson = path.join(packageRoot, 'generated', 'openapi.json');

const commands = {
  generate: {
    summary: 'write TypeScript types (and optionally an openapi-fetch client) from the packaged spec',
    usage: 'plaid-refresh generate --out <types.d.ts> [--client <client.ts>]',
    options: { out: { type: 'string' }, client: { type: 'string' } },
    run: generate,
  },
  mock: {
    summary: 'start the Prism mock of the packaged spec; it runs until stopped (Ctrl-C, SIGTERM)',
    usage: `plaid-refresh mock [--port N] [--host H] [--pid-file FILE]
  --port N           default 4010; 0 picks a free one (the readiness line names it)
  --host H           default 127.0.0.1
  --pid-file FILE    write the mock's pid there once it is ready; removed when it stops
in CI, start it in the background in one step and wait for it in the next:
  npx --no -- plaid-refresh mock --port 4010 --pid-file mock.pid > mock.log 2>&1 &
  npx --no -- plaid-refresh wait http://127.0.0.1:4010`,
    options: { port: { type: 'string', default: '4010' }, host: { type: 'string', default: '127.0.0.1' }, 'pid-file': { type: 'string' } },
    run: mock,
  },
  wait: {
    summary: 'wait until a URL answers any HTTP request (the ready check for the mock or your server)',
    usage: 'plaid-refresh wait <URL> [--timeout MS]   (default 30000; exit 1 if it never answers)',
    options: { timeout: { type: 'string', default: '30000' } },
    positionals: true,
    run: wait,
  },
  contract: {
    summary: "run the packaged contract suite against your server, through Prism's validating proxy",
    usage: `plaid-refresh contract --upstream <URL> [--depth D] [--burst] [--rate N] [--concurrency N] [--timeout MS] [--reporter R] [--output FILE]
  --depth D          quick (default): the first probe of each family, subject and rule; full: every probe
  --burst            also provoke a 429 with a burst of valid requests, judge it, and wait out its Retry-After
  --rate N           requests per second to the server (default 25)
  --concurrency N    test files at a time (default 1)
  --timeout MS       how long one request may wait for its answer (default 8000)
  --reporter R       also report the named checks of every exchange: json, junit (a case per check × operation) or markdown
  --output FILE      write that report there (default: standard output); GITHUB_STEP_SUMMARY gets the markdown
environment, for a server other than the bundled reference server (all required):
${identityHelp}`,
    options: {
      upstream: { type: 'string' },
      rate: { type: 'string' },
      concurrency: { type: 'string' },
      timeout: { type: 'string' },
      reporter: { type: 'string' },
      output: { type: 'string' },
      depth: { type: 'string' },
      burst: { type: 'boolean' },
    },
    run: contract,
  },
  fuzz: {
    summary: 'fuzz your server (or the mock) with cases generated from the spec; a failure prints its replay',
    usage: `plaid-refresh fuzz [--upstream <URL>] [--seed N] [--cases N] [--case I] [--concurrency N]
  --upstream URL     your server, through Prism's validating proxy (default: the mock)
  --seed N           the run's seed (default: random; printed, so the run can be replayed)
  --cases N          how many cases (default 1000)
  --case I           only case I of the seed: what each failure's replay line runs
  --concurrency N    cases in flight (default 8)
environment, for a server other than the bundled reference server (all required):
${identityHelp}`,
    options: {
      upstream: { type: 'string' },
      seed: { type: 'string' },
      cases: { type: 'string' },
      case: { type: 'string' },
      concurrency: { type: 'string' },
    },
    run: fuzz,
  },
  validate: {
    summary: 'judge recorded traffic (a HAR file) with the contract checks, sending nothing',
    usage: `plaid-refresh validate --har <FILE> [--reporter text|json|junit|markdown] [--output FILE]
  --har FILE         a HAR 1.2 export (browser, Playwright, a proxy); exchanges of other APIs are counted, not judged
  --reporter R       text (default), json, junit (one test case per check × operation) or markdown
  --output FILE      write the report there (default: standard output); GITHUB_STEP_SUMMARY gets the markdown
exit 0 when every judged exchange conforms, 1 when one does not, 2 on bad input; no credential of the file is printed`,
    options: { har: { type: 'string' }, reporter: { type: 'string', default: 'text' }, output: { type: 'string' } },
    run: validate,
  },
  lint: {
    summary: "lint an OpenAPI file with this toolkit's Redocly rules",
    usage: 'plaid-refresh lint <spec.yaml>',
    options: {},
    positionals: true,
    run: lint,
  },
};

const mainHelp = `plaid-refresh — Plaid POST /user/financial_data/refresh toolkit

usage: plaid-refresh <command> [options]   (plaid-refresh <command> --help for details)

${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`)
  .join('\n')}`;

const progress = (message) => console.error(`… ${message}`);

async function generate({ out, client }) {
  if (!out) throw new UsageError('generate needs --out <file>');
  const [{ default: openapiTS, astToString }, { typeOptions }, { clientSource }] = await Promise.all([
    import('openapi-typescript'),
    import('../scripts/generate-types.mjs'),
    import('../scripts/generate-client.mjs'),
  ]);
  progress(`generating types from ${path.relative(process.cwd(), bundledJson)}`);
  const spec = JSON.parse(await readFile(bundledJson, 'utf8'));
  const types = astToString(await openapiTS(spec, typeOptions));
  await mkdir(path.dirname(path.resolve(out)), { recursive: true });
  await writeFile(out, `// Generated by plaid-refresh generate from the packaged spec ${spec.info.version}. Do not edit.\n\n${types}`);
  console.log(`wrote ${out}`);
  if (client) {
    // The client imports the types file by a relative path, as NodeNext resolution wants it.
    let typesModule = path.relative(path.dirname(path.resolve(client)), path.resolve(out)).replace(/\.d\.ts$|\.ts$/, '.js');
    if (!typesModule.startsWith('.')) typesModule = `./${typesModule}`;
    await mkdir(path.dirname(path.resolve(client)), { recursive: true });
    await writeFile(client, clientSource(spec, typesModule));
    console.log(`wrote ${client}`);
  }
}

async function mock({ port, host, 'pid-file': pidFile }) {
  const { parsePort, runMock } = await import('../scripts/mock.mjs');
  const parsed = parsePort(port);
  if (parsed === undefined) throw new UsageError(`--port must be 0-65535, got ${port}`);
  progress('starting Prism');
  await runMock({ port: parsed, host, pidFile });
}

async function wait({ timeout }, positionals) {
  const [url] = positionals;
  if (positionals.length !== 1 || !url) throw new UsageError('wait needs exactly one URL');
  if (!/^https?:\/\//.test(url) || !URL.canParse(url)) throw new UsageError(`not an http(s) URL: ${url}`);
  if (!/^\d+$/.test(timeout)) throw new UsageError(`--timeout must be milliseconds, got ${timeout}`);
  const { waitForUrl } = await import('../scripts/wait.mjs');
  try {
    await waitForUrl(url, { timeoutMs: Number(timeout), intervalMs: 200 });
  } catch (error) {
    console.error(`plaid-refresh: ${error.message}`);
    process.exitCode = 1;
    return;
  }
  console.log(`${url} answers`);
}

/** Parsed options back into flags, for a script's own parser: a true boolean is its bare flag. */
const toFlags = (values) =>
  Object.entries(values).flatMap(([name, value]) =>
    value === undefined || value === false || name === 'help' ? [] : value === true ? [`--${name}`] : [`--${name}`, value],
  );

async function contract(values) {
  if (!values.upstream) throw new UsageError('contract needs --upstream <URL>: the server to verify');
  const { contractWithReport, parseContractArgs, preflight } = await import('../scripts/contract.mjs');
  const flags = toFlags(values);
  const { upstream } = values;
  const parsed = parseContractArgs(flags);
  if (parsed.error) throw new UsageError(parsed.error.split('\n')[0]);
  const problem = await preflight(upstream);
  if (problem) {
    console.error(`plaid-refresh: ${problem}`);
    process.exitCode = 2;
    return;
  }
  progress(`contract suite → Prism proxy → ${upstream}`);
  process.exitCode = await contractWithReport(parsed);
}

async function fuzz(values) {
  const { fuzzCommand, parseFuzzArgs } = await import('../scripts/fuzz.mjs');
  const flags = toFlags(values);
  process.exitCode = await fuzzCommand(parseFuzzArgs(flags), 'npx --no -- plaid-refresh fuzz');
}

async function validate({ har, reporter, output }) {
  if (!har) throw new UsageError('validate needs --har <FILE>');
  const [{ validateHar }, document, table] = await Promise.all([
    import('../scripts/validate-har.mjs'),
    readFile(bundledJson, 'utf8').then(JSON.parse),
    readFile(path.join(packageRoot, 'generated', 'operations.json'), 'utf8').then(JSON.parse),
  ]);
  process.exitCode = await validateHar({ har, reporter, output, document, table });
}

async function lint(_values, positionals) {
  if (positionals.length !== 1) throw new UsageError('lint needs exactly one spec file');
  const file = path.resolve(positionals[0]);
  if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
  const [{ spawn }, { quietToolOutput, toolEnv }] = await Promise.all([import('node:child_process'), import('../scripts/step.mjs')]);
  const redocly = path.join(path.dirname(fileURLToPath(import.meta.resolve('@redocly/cli/package.json'))), 'bin', 'cli.js');
  progress(`linting ${positionals[0]} with ${path.join(packageRoot, 'redocly.yaml')}`);
  const child = spawn(process.execPath, [redocly, 'lint', file, '--config', path.join(packageRoot, 'redocly.yaml')], {
    env: toolEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  (code === 0 ? console.log : console.error)(quietToolOutput(output));
  process.exitCode = code;
}

async function main(argv) {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') return console.log(mainHelp);
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command: ${name} (plaid-refresh --help lists the commands)`);
  /** @type {{ values: Record<string, any>, positionals: string[] }} */
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: Boolean(command.positionals),
    });
  } catch (error) {
    throw new UsageError(`${error.message.split('\n')[0]} (usage: ${command.usage.split('\n')[0]})`);
  }
  if (parsed.values.help) return console.log(`${command.summary}\n\nusage: ${command.usage}`);
  try {
    await command.run(parsed.values, parsed.positionals, parsed.values);
  } catch (error) {
    if (error instanceof UsageError && !error.message.includes('usage:'))
      error.message = `${error.message.split('\n')[0]} (usage: ${command.usage.split('\n')[0]})`;
    throw error;
  }
}

main(process.argv.slice(2)).catch((error) => {
  if (error instanceof UsageError) {
    console.error(`plaid-refresh: ${error.message}`);
    process.exit(2);
  }
  console.error(`plaid-refresh: ${error?.message ?? error}`);
  process.exit(1);
});
