// The toolkit's commands, one definition each (summary, arguments, options, run), for
// `plaid-refresh` and for this repository's `npm run mock|contract|fuzz`, which run the same
// definitions. A bad command line is one line and exit 2, whoever runs it.
import { constants } from 'node:fs';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { identityHelp } from './contract-identity.mjs';
import { packageRoot, UsageError } from './step.mjs';

const bundledJson = path.join(packageRoot, 'generated', 'openapi.json');
const progress = (message) => console.error(`… ${message}`);
const identityNote = `environment, for a server other than the bundled reference server (all required):\n${identityHelp}`;

/**
 * @typedef {{
 *   summary: string,
 *   args: string,
 *   details?: string,
 *   options: import('node:util').ParseArgsConfig['options'],
 *   positionals?: boolean,
 *   run: (values: any, positionals: string[], program: string) => Promise<number | undefined>,
 * }} Command
 */

/** @type {Record<string, Command>} */
export const commands = {
  generate: {
    summary: 'write TypeScript types (and optionally an openapi-fetch client) from the packaged spec',
    args: '--out <types.d.ts> [--client <client.ts>]',
    options: { out: { type: 'string' }, client: { type: 'string' } },
    run: generate,
  },
  mock: {
    summary: 'start the Prism mock of the packaged spec; it runs until stopped (Ctrl-C, SIGTERM)',
    args: '[--port N] [--host H] [--pid-file FILE]',
    details: `  --port N           default 4010; 0 picks a free one (the readiness line names it)
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
    args: '<URL> [--timeout MS]   (default 30000; exit 1 if it never answers)',
    options: { timeout: { type: 'string', default: '30000' } },
    positionals: true,
    run: wait,
  },
  contract: {
    summary: "run the packaged contract suite against your server, through Prism's validating proxy",
    args: '[--upstream <URL>] [--depth D] [--burst] [--rate N] [--concurrency N] [--timeout MS] [--reporter R] [--output FILE]',
    details: `  --upstream URL     the server to verify; without it, the suite checks the packaged mock (and says so)
  --depth D          quick (default against a server): the first probe of each family, subject and rule; full: every probe
  --burst            also provoke a 429 with a burst of valid requests, judge it, and wait out its Retry-After
  --rate N           requests per second to the server (default 25)
  --concurrency N    test files at a time (default 1)
  --timeout MS       how long one request may wait for its answer (default 8000)
  --reporter R       also report the named checks of every exchange: json, junit (a case per check × operation) or markdown
  --output FILE      write that report there (default: standard output); GITHUB_STEP_SUMMARY gets the markdown
${identityNote}`,
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
    args: '[--upstream <URL>] [--seed N] [--cases N] [--case I] [--concurrency N]',
    details: `  --upstream URL     your server, through Prism's validating proxy (default: the mock)
  --seed N           the run's seed (default: random; printed, so the run can be replayed)
  --cases N          how many cases (default 1000)
  --case I           only case I of the seed: what each failure's replay line runs
  --concurrency N    cases in flight (default 8)
${identityNote}`,
    options: {
      upstream: { type: 'string' },
      seed: { type: 'string' },
      cases: { type: 'string' },
      count: { type: 'string' },
      case: { type: 'string' },
      concurrency: { type: 'string' },
    },
    run: fuzz,
  },
  validate: {
    summary: 'judge recorded traffic (a HAR file) with the contract checks, sending nothing',
    args: '--har <FILE> [--reporter text|json|junit|markdown] [--output FILE]',
    details: `  --har FILE         a HAR 1.2 export (browser, Playwright, a proxy); exchanges of other APIs are counted, not judged
  --reporter R       text (default), json, junit (one test case per check × operation) or markdown
  --output FILE      write the report there (default: standard output); GITHUB_STEP_SUMMARY gets the markdown
exit 0 when every judged exchange conforms, 1 when one does not, 2 on bad input; no credential of the file is printed`,
    options: { har: { type: 'string' }, reporter: { type: 'string', default: 'text' }, output: { type: 'string' } },
    run: validate,
  },
  lint: {
    summary: "lint an OpenAPI file with this toolkit's Redocly rules",
    args: '<spec.yaml>',
    options: {},
    positionals: true,
    run: lint,
  },
};

/**
 * How the user ran a command, for usage lines and replay lines: `npm run <name> --` from an npm
 * script of that name (this repository's, or a consumer's), `plaid-refresh <name>` otherwise.
 * @param {string} name
 */
export function spelling(name, env = process.env) {
  return env.npm_lifecycle_event === name ? `npm run ${name} --` : `plaid-refresh ${name}`;
}

const usageOf = (name, env) => `usage: ${spelling(name, env)} ${commands[name]?.args}`;

export const mainHelp = `plaid-refresh — Plaid POST /user/financial_data/refresh toolkit

usage: plaid-refresh <command> [options]   (plaid-refresh <command> --help for details)

${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`)
  .join('\n')}`;

/**
 * A command line, parsed against its command's definition.
 * @param {string[]} argv
 * @returns {{ help: string } | { name: string, values: Record<string, any>, positionals: string[] }}
 */
export function parseCommandLine(argv, env = process.env) {
  const [first, ...others] = argv;
  if (!first || first === '--help' || first === '-h') return { help: mainHelp };
  // `help <command>` is `<command> --help`.
  if (first === 'help') return others.length === 0 ? { help: mainHelp } : parseCommandLine([others[0] ?? '', '--help'], env);
  const [name, ...rest] = argv;
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) throw new UsageError(`unknown command: ${name} (plaid-refresh --help lists the commands)`);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: Boolean(command.positionals),
    });
  } catch (error) {
    throw new UsageError(`${String(error.message).split('\n')[0]} (${usageOf(name, env)})`);
  }
  // `npm run contract --upstream=URL` (no `--`) hands the flag to npm, which keeps it as its own
  // setting: the command would run without it (against the mock) and pass.
  if (env.npm_lifecycle_event === name) {
    const swallowed = Object.keys(command.options ?? {}).find((option) => env[`npm_config_${option.replaceAll('-', '_')}`] !== undefined);
    if (swallowed)
      throw new UsageError(
        `npm took --${swallowed} as its own setting: put the command's flags after \`--\` (npm run ${name} -- --${swallowed} …)`,
      );
  }
  if (parsed.values.help) {
    return { help: `${command.summary}\n\n${usageOf(name, env)}${command.details ? `\n${command.details}` : ''}` };
  }
  return { name, values: parsed.values, positionals: parsed.positionals };
}

/**
 * Runs a command line; resolves with the exit code: 0, 1 when the command found a failure, 2 for
 * a bad command line (one line on standard error, naming the usage).
 * @param {string[]} argv
 */
export async function runCommandLine(argv, env = process.env) {
  const [name] = argv;
  const prefix = name && Object.hasOwn(commands, name) && env.npm_lifecycle_event === name ? `npm run ${name}` : 'plaid-refresh';
  try {
    const parsed = parseCommandLine(argv, env);
    if ('help' in parsed) {
      console.log(parsed.help);
      return 0;
    }
    return (await commands[parsed.name].run(parsed.values, parsed.positionals, spelling(parsed.name, env))) ?? 0;
  } catch (error) {
    if (error instanceof UsageError) {
      const message = String(error.message).split('\n')[0];
      const usage = name && Object.hasOwn(commands, name) && !message.includes('usage:') ? ` (${usageOf(name, env)})` : '';
      console.error(`${prefix}: ${message}${usage}`);
      return 2;
    }
    console.error(`${prefix}: ${error?.message ?? error}`);
    return 1;
  }
}

async function generate({ out, client }) {
  if (!out) throw new UsageError('generate needs --out <file>');
  if (client !== undefined && path.resolve(client) === path.resolve(out)) {
    throw new UsageError('--client and --out name the same file: the client would overwrite the types it imports');
  }
  const [{ default: openapiTS, astToString }, { typeOptions }, { clientSource }] = await Promise.all([
    import('openapi-typescript'),
    import('./generate-types.mjs'),
    import('./generate-client.mjs'),
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
  return 0;
}

/**
 * Refuses a file the command could not write once its work is done: an empty name, a folder, a
 * file it may not write, or a path whose folder is missing or read-only.
 * @param {string} flag
 * @param {string} file
 */
async function writableFile(flag, file) {
  const refuse = (why) => {
    throw new UsageError(`cannot write ${flag} ${file}: ${why}`);
  };
  if (!file.trim()) refuse('an empty name');
  const { stat } = await import('node:fs/promises');
  const found = await stat(file).catch((error) => (error.code === 'ENOENT' ? undefined : refuse(error.code ?? error.message)));
  if (found?.isDirectory()) refuse('EISDIR (a folder)');
  const where = found ? file : path.dirname(path.resolve(file));
  const folder = found ? undefined : await stat(where).catch((error) => refuse(error.code ?? error.message));
  if (folder && !folder.isDirectory()) refuse(`ENOTDIR (${where} is a file)`);
  await access(where, constants.W_OK).catch((error) => refuse(error.code ?? error.message));
}

/** @param {string} value */
export function parsePort(value) {
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  return port <= 65535 ? port : undefined;
}

async function mock({ port, host, 'pid-file': pidFile }) {
  const parsed = parsePort(port);
  if (parsed === undefined) throw new UsageError(`--port must be 0-65535, got ${port}`);
  if (!host.trim()) throw new UsageError('--host must name a host, got an empty string');
  // Before Prism loads: a pid file that cannot be written is the command line's mistake.
  if (pidFile !== undefined) await writableFile('--pid-file', pidFile);
  const { runMock } = await import('./mock.mjs');
  progress('starting Prism');
  await runMock({ port: parsed, host, pidFile });
  return undefined;
}

async function wait({ timeout }, positionals) {
  const [url] = positionals;
  if (positionals.length !== 1 || !url) throw new UsageError('wait needs exactly one URL');
  if (!/^https?:\/\//.test(url) || !URL.canParse(url)) throw new UsageError(`not an http(s) URL: ${url}`);
  if (!/^\d+$/.test(timeout)) throw new UsageError(`--timeout must be milliseconds, got ${timeout}`);
  const { waitForUrl } = await import('./wait.mjs');
  try {
    await waitForUrl(url, { timeoutMs: Number(timeout), intervalMs: 200 });
  } catch (error) {
    console.error(`plaid-refresh: ${error.message}`);
    return 1;
  }
  console.log(`${url} answers`);
  return 0;
}

async function contract(values) {
  const { contractOptions, contractWithReport, preflight } = await import('./contract.mjs');
  const options = contractOptions(values);
  // Before the suite runs: a report that cannot be written would be lost after it.
  if (options.output !== undefined) await writableFile('--output', options.output);
  if (options.upstream) {
    const problem = await preflight(options.upstream);
    if (problem) {
      console.error(`plaid-refresh: ${problem}`);
      return 2;
    }
    progress(`contract suite → Prism proxy → ${options.upstream}`);
  } else {
    progress('no --upstream: the contract suite checks the packaged Prism mock, not a server of yours');
  }
  // Ctrl-C reaches vitest through the shared process group; its exit code is ours.
  return contractWithReport(options);
}

async function fuzz(values, _positionals, program) {
  const [{ fuzzCommand, fuzzOptions }, { preflight }] = await Promise.all([import('./fuzz/command.mjs'), import('./contract.mjs')]);
  const options = fuzzOptions(values);
  const problem = options.upstream ? await preflight(options.upstream) : undefined;
  if (problem) {
    console.error(`plaid-refresh: ${problem}`);
    return 2;
  }
  return fuzzCommand(options, program.startsWith('npm') ? program : `npx --no -- ${program}`);
}

async function validate({ har, reporter, output }) {
  if (!har) throw new UsageError('validate needs --har <FILE>');
  if (output !== undefined) await writableFile('--output', output);
  const [{ validateHar }, document, table] = await Promise.all([
    import('./validate-har.mjs'),
    readFile(bundledJson, 'utf8').then(JSON.parse),
    readFile(path.join(packageRoot, 'generated', 'operations.json'), 'utf8').then(JSON.parse),
  ]);
  return validateHar({ har, reporter, output, document, table });
}

async function lint(_values, positionals) {
  if (positionals.length !== 1) throw new UsageError('lint needs exactly one spec file');
  const file = path.resolve(positionals[0]);
  await access(file).catch(() => {
    throw new UsageError(`no such file: ${file}`);
  });
  const [{ spawn }, { quietToolOutput, toolEnv }] = await Promise.all([import('node:child_process'), import('./step.mjs')]);
  const redocly = path.join(path.dirname(fileURLToPath(import.meta.resolve('@redocly/cli/package.json'))), 'bin', 'cli.js');
  const config = path.join(packageRoot, 'lib', 'redocly.yaml');
  progress(`linting ${positionals[0]} with ${config}`);
  const child = spawn(process.execPath, [redocly, 'lint', file, '--config', config], { env: toolEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  (code === 0 ? console.log : console.error)(quietToolOutput(output));
  return code;
}
