// Builds dist/docs/index.html: one self-contained page from the bundled spec, with Redoc's script
// inlined (redocly build-docs --inlineBundle) so the page makes no network request when opened.
// A Quick start and the error catalogue are added to the spec's description first.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import YAML from 'yaml';
import { codeSampleLanguages, codeSamples, packageName, toolkitName } from './code-samples.mjs';
import { clientDistDir } from './compile.mjs';
import { errorCatalogueMarkdown } from './error-catalogue-markdown.mjs';
import { operationsTable } from './generate-operations.mjs';
import { curlCommand, loadOperations, preferHeaders, sampleBody } from './operations.mjs';
import { allSteps, staged } from './staged.mjs';
import { fromRoot, runIfMain, runTool, StepError, step } from './step.mjs';

export const docsFile = fromRoot('dist', 'docs', 'index.html');

async function quickStart(operations) {
  const example = await readFile(fromRoot('examples', 'refresh.ts'), 'utf8');
  return `### Call it with the typed client

\`\`\`bash
npm install ${packageName}
\`\`\`

\`\`\`typescript
${example.trim()}
\`\`\`

A call never throws: it returns \`{ data }\` or \`{ error }\`. \`error.kind\` is \`plaid\` (a Plaid
error body), \`timeout\`, \`network\`, \`invalid_response\`, \`redirect\`, \`invalid_request\` or \`aborted\`.

### Regenerate types and a client in your repo

The toolkit, a dev dependency released with the client, carries the bundled spec and the
\`plaid-refresh\` command:

\`\`\`bash
npm install --save-dev ${toolkitName}
npx --no -- plaid-refresh generate --out src/plaid-schema.d.ts --client src/plaid-client.ts
\`\`\`

### Try it against the mock

\`\`\`bash
npx --no -- plaid-refresh mock   # Prism on http://127.0.0.1:4010; a Prefer header picks the example
\`\`\`

${operations.map((row) => `**${row.summary}** (\`${row.operationId}\`)\n\n\`\`\`bash\n${curlCommand('http://127.0.0.1:4010', row, { credentials: false, prefer: preferHeaders(row)[0]?.[2] })}\n\`\`\`\n`).join('\n')}
`;
}

/** OpenAPI 3.0 spells "X or null" as anyOf [X, a null-only schema]; Redoc reads that as two objects. */
const isNullOnly = (schema) => Array.isArray(schema?.enum) && schema.enum.length === 1 && schema.enum[0] === null;
function withPlainNullables(value) {
  if (Array.isArray(value)) return value.map(withPlainNullables);
  if (!value || typeof value !== 'object') return value;
  const out = Object.fromEntries(Object.entries(value).map(([key, v]) => [key, withPlainNullables(v)]));
  if (Array.isArray(out.anyOf) && out.anyOf.length === 2 && out.anyOf.some(isNullOnly)) {
    out.anyOf = out.anyOf.map((schema) => (isNullOnly(schema) ? { type: 'null' } : schema));
  }
  return out;
}

/** Drops `additionalProperties: true` (the default): Redoc shows it as a row in every schema. */
function withoutOpenMapRows(value) {
  if (Array.isArray(value)) return value.map(withoutOpenMapRows);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, v]) => !(key === 'additionalProperties' && v === true))
      .map(([key, v]) => [key, withoutOpenMapRows(v)]),
  );
}

const OPEN_OBJECTS_NOTE = `

Objects in responses are open: Plaid may add fields at any time, so ignore the ones you do not
know. (Requests are closed: an unknown field gets \`UNKNOWN_FIELDS\`.)`;

/**
 * The spec as the page shows it: the operations first, then the quick start and the error
 * catalogue as sections of their own (Redoc's trait tags), request samples on every operation,
 * and open objects said once instead of as a row in every schema.
 */
export async function docsInput(spec, operations, catalogue, { versions = '', changelog = '' } = {}) {
  const input = withPlainNullables(withoutOpenMapRows(structuredClone(spec)));
  // Plaid's reference names the endpoint; the version is in the list of versions, not the title.
  input.info.title = pageTitle(spec, operations);
  // The introduction keeps its first paragraph; its sections follow the operations.
  const [intro = '', ...sections] = input.info.description.split(/^## /m);
  input.info.description = `${intro.trim()}${OPEN_OBJECTS_NOTE}${versions ? `\n\n${versions}` : ''}`;
  const sectionTags = sections.map((section) => {
    const [title = '', ...body] = section.split('\n');
    return { name: title.trim(), 'x-traitTag': true, description: body.join('\n').trim() };
  });
  const catalogueMarkdown = errorCatalogueMarkdown(spec, catalogue).replace(/^\s*# Error catalogue\s*/, '');
  // An operation keeps its first paragraph; the rest follows it as a section of its own, so its
  // request fields and responses come sooner on the reader's first screen.
  const operationSections = [];
  for (const row of operations) {
    const operation = input.paths[row.path][row.method];
    const [lead = '', ...more] = (operation.description ?? '').trim().split(/\n\s*\n/);
    if (more.length === 0) continue;
    const details = `${row.summary}: details`;
    operation.description = `${lead.trim()} [More](#/${slug(details)}).`;
    operationSections.push({ name: details, 'x-traitTag': true, description: more.join('\n\n').trim() });
  }
  input.tags = [
    ...(input.tags ?? []),
    ...operationSections,
    { name: 'Quick start', 'x-traitTag': true, description: await quickStart(operations) },
    { name: 'Error catalogue', 'x-traitTag': true, description: catalogueMarkdown },
    ...sectionTags,
    ...(changelog ? [{ name: 'Changelog', 'x-traitTag': true, description: changelog }] : []),
  ];
  // Redoc collapses a tag with a description behind "+ Show"; without one, its operations show.
  for (const tag of input.tags) if (!tag['x-traitTag']) delete tag.description;
  for (const row of operations) {
    const baseUrl = spec.servers?.find((server) => /sandbox/i.test(server.description ?? server.url))?.url;
    input.paths[row.path][row.method]['x-codeSamples'] = codeSamples(row, { baseUrl });
  }
  return input;
}

/** Redoc's route for a name: lower-cased, spaces as dashes, `&` as `-and-`, no doubled or edge dashes. */
export const slug = (name) =>
  name.toLowerCase().replace(/\s+/g, '-').replace(/&/g, '-and-').replace(/--+/g, '-').replace(/^-+/, '').replace(/-+$/, '');

/** One operation: its method and path, as Plaid's reference names an endpoint; several: the spec's title. */
function pageTitle(spec, operations) {
  const [only, ...others] = operations;
  return only && others.length === 0 ? `${only.method.toUpperCase()} ${only.path}` : spec.info.title.replace(/ — .*$/, '');
}

// Redoc points its "API docs by Redocly" badge at images on Redocly's CDN, with no option to turn
// it off: the page's copy of the script points them at an empty inline image instead, so the page
// requests nothing. Its own Content-Security-Policy forbids every network fetch besides, should a
// later Redoc add one.
const REMOTE_BADGE = /https:\/\/cdn\.redoc\.ly\/[^`'"\s)]*/g;
const EMPTY_IMAGE = 'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E';

/** @param {string} html */
function withoutRemoteBadge(html) {
  if (!html.includes('https://cdn.redoc.ly/'))
    throw new StepError('the Redocly badge URL moved: update withoutRemoteBadge in scripts/docs.mjs');
  return html.replace(REMOTE_BADGE, EMPTY_IMAGE);
}

// Code wraps or scrolls inside its own box, never past the page; an identifier (an error code)
// is never broken mid-word.
const READABLE_CODE = `<style>
pre { overflow-x: auto; max-width: 100%; }
pre code { white-space: pre; }
code { overflow-wrap: normal; word-break: keep-all; }
td code, li code, p code { white-space: nowrap; }
.redoc-markdown table { display: block; overflow-x: auto; max-width: 100%; }
</style>`;

// Contrast of at least 4.5:1 (WCAG AA) where Redoc's defaults fall short: its links and the search
// box's placeholder. Redoc's badge, whose logo the page cannot load, is not shown at all.
const ACCESSIBLE = `<style>
html:root { --color-blue-6: #0b57c9; --color-blue-7: #0a4ab0; --color-warm-grey-5: #5f616d; --color-warm-grey-7: #5f616d; }
html:root .tag-post { --tag-color: #0a4ab0; }
html:root .th-command { color: #9a4f0c !important; }
[data-testid="search-trigger"], [data-testid="search-trigger"] * { color: #5a5c69; }
span:has(> a[href="https://redocly.com/redoc/"]) { display: none !important; }
</style>`;

// Redoc lays an operation out as rows (title, request, responses), each a middle panel and its
// samples, so the response samples start below the whole request. On a wide screen each
// operation becomes one grid instead: the response samples follow the request samples in the
// right column, beside the request's fields, and stay in view (sticky) beside the responses. The
// request samples scroll with the request, so the two panels never overlap. Rows are found by
// the panels they hold, not by Redoc's route ids.
const OPERATION = ':is(div:has(> div > [data-testid="right-panel"] > .panel-request-samples))';
const ROW = (panel) => `${OPERATION} > div:has(> [data-testid="right-panel"] > .${panel})`;
const SAMPLES_TOGETHER = `<style>
@media screen and (min-width: 1280px) {
  ${OPERATION} { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); grid-template-rows: auto auto 1fr auto; }
  ${OPERATION} > div { display: contents; }
  ${OPERATION} > div > *, ${OPERATION} > div > [data-testid="right-panel"] > * { width: auto; min-width: 0; max-width: 100%; margin-left: 0; }
  ${OPERATION} > div:first-child > [data-testid="middle-panel"] { grid-area: 1 / 1 / 2 / 2; }
  ${OPERATION} > div:first-child > [data-testid="right-panel"] { grid-area: 1 / 2 / 2 / 3; }
  ${ROW('panel-request-samples')} > [data-testid="middle-panel"] { grid-area: 2 / 1 / 4 / 2; }
  ${ROW('panel-request-samples')} > [data-testid="right-panel"] { grid-area: 2 / 2 / 3 / 3; align-self: start; position: static; }
  ${ROW('panel-response-samples')} > [data-testid="right-panel"] { grid-area: 3 / 2 / 5 / 3; align-self: start; }
  ${ROW('panel-response-samples')} > [data-testid="middle-panel"] { grid-area: 4 / 1 / 5 / 2; }
}
</style>`;

/** @param {string} html */
function withPageStyle(html) {
  return html.replace('</head>', `${READABLE_CODE}\n${ACCESSIBLE}\n${SAMPLES_TOGETHER}\n${EXAMPLE_NAMES}\n</head>`);
}

// Redoc labels an example picker "Example" whatever example it shows, so its accessible name
// does not contain its visible text (WCAG 2.5.3): each one is named after what it shows.
const EXAMPLE_NAMES = `<script>
new MutationObserver(() => {
  for (const picker of document.querySelectorAll('[aria-label="Example"], [data-example-label]')) {
    const label = 'Example: ' + picker.textContent.trim();
    if (picker.getAttribute('aria-label') !== label) picker.setAttribute('aria-label', label), picker.setAttribute('data-example-label', '');
  }
}).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
</script>`;

/**
 * A reader lands in the operation: a page opened without a route goes to the first operation's,
 * before Redoc renders, so its request, responses and samples are the first screen.
 * @param {string} html
 * @param {string | undefined} route
 */
function withLandingRoute(html, route) {
  if (!route) return html;
  const script = `<script>if (!location.hash) location.replace(${JSON.stringify(`#/${route}`)});</script>`;
  return html.replace('</head>', `${script}\n</head>`);
}
const offlinePolicy = [
  "default-src 'none'",
  "script-src 'unsafe-inline' 'unsafe-eval' blob:",
  'worker-src blob:',
  "style-src 'unsafe-inline'",
  'img-src data: blob:',
  'font-src data:',
  'connect-src data: blob:',
].join('; ');

function withOfflinePolicy(html) {
  if (!html.includes('<head>')) throw new StepError('build-docs output has no <head>: cannot add the offline policy');
  return html.replace('<head>', `<head>\n<meta http-equiv="Content-Security-Policy" content="${offlinePolicy}">`);
}

const pageOptions = {
  // A "Schemas" section, so each schema can be read by its Plaid name.
  schemaDefinitionsTagName: 'Schemas',
  // The samples panel offers these, in this order, matched by each x-codeSamples entry's `lang`.
  codeSamples: { languages: codeSampleLanguages },
};

/** The releases in spec/releases/, newest first. */
async function releaseVersions() {
  const names = await readdir(fromRoot('spec', 'releases')).catch(() => []);
  const versions = names.filter((n) => /^\d+\.\d+\.\d+\.yaml$/.test(n)).map((n) => n.replace(/\.yaml$/, ''));
  const key = (v) => v.split('.').map(Number);
  return versions.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return (y[0] ?? 0) - (x[0] ?? 0) || (y[1] ?? 0) - (x[1] ?? 0) || (y[2] ?? 0) - (x[2] ?? 0);
  });
}

/**
 * The version list each page carries: the current spec and every release, the page's own in bold.
 * @param {string} current the current spec's version
 * @param {string[]} released
 * @param {string | undefined} here the release this page documents; undefined for the current page
 */
export function versionList(current, released, here) {
  const up = here === undefined ? '' : '../';
  const link = (label, href, mine) => (mine ? `**${label}**` : `[${label}](${href})`);
  const items = [
    link(`current (${current})`, `${up}index.html`, here === undefined),
    ...released.map((v) => link(v, `${up}${v}/index.html`, v === here)),
  ];
  return `**Versions:** ${items.join(' · ')} · [changelog](#/changelog)`;
}

/** CHANGELOG.md as a section: its entries one heading level down, under the section's own title. */
async function changelogMarkdown() {
  const text = await readFile(fromRoot('CHANGELOG.md'), 'utf8').catch(() => '');
  return text
    .replace(/^# .*\n/, '')
    .replace(/^## /gm, '### ')
    .trim();
}

/** One page: the spec's docs copy, rendered by Redoc into `page`. */
async function buildPage({ spec, operations, catalogue, page, versions, changelog }) {
  const input = await docsInput(spec, operations, catalogue, { versions, changelog });
  const [first] = operations;
  // Redoc files an untagged operation under "other".
  const route = first && `${slug(spec.paths[first.path][first.method].tags?.[0] ?? 'other')}/${slug(first.operationId)}`;
  const work = await mkdtemp(path.join(tmpdir(), 'docs-'));
  try {
    await mkdir(path.dirname(page), { recursive: true });
    const inputFile = path.join(work, 'openapi.json');
    await writeFile(inputFile, JSON.stringify(input));
    // Redoc's options for the page, in a config of its own: the lint config says nothing of pages.
    await writeFile(path.join(work, 'redocly.yaml'), YAML.stringify({ openapi: pageOptions }));
    await runTool(
      'redocly',
      // Redoc's script goes into the page instead of being loaded from Redocly's CDN.
      ['build-docs', inputFile, '--output', page, '--title', input.info.title, '--inlineBundle'],
      { cwd: work },
    );
    await writeFile(page, withOfflinePolicy(withoutRemoteBadge(withLandingRoute(withPageStyle(await readFile(page, 'utf8')), route))));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Writes index.html for the current spec into `outDir`, and `<version>/index.html` for each
 * release in spec/releases/; the error catalogue comes from the compiled client in `libDir`.
 * @param {{ outDir?: string, libDir?: string }} [where]
 */
export async function docsInto({ outDir = fromRoot('dist', 'docs'), libDir = clientDistDir } = {}) {
  await step('docs → dist/docs/index.html', async () => {
    const catalogueModule = path.join(libDir, 'src', 'error-catalogue.js');
    const catalogue = await import(pathToFileURL(catalogueModule).href).catch(() => {
      throw new StepError(`${catalogueModule} is missing: run \`npm run compile\` first (build does).`);
    });
    const spec = JSON.parse(await readFile(fromRoot('generated', 'openapi.json'), 'utf8'));
    const [released, changelog] = await Promise.all([releaseVersions(), changelogMarkdown()]);
    const current = String(spec.info.version);
    const pages = [
      buildPage({
        spec,
        operations: (await loadOperations()).operations,
        catalogue,
        page: path.join(outDir, 'index.html'),
        versions: versionList(current, released, undefined),
        changelog,
      }),
    ];
    for (const version of released) {
      const document = YAML.parse(await readFile(fromRoot('spec', 'releases', `${version}.yaml`), 'utf8'));
      const operations = Object.entries(operationsTable(document)).map(([operationId, row]) => ({
        operationId,
        ...row,
        sample: sampleBody(document, row),
      }));
      pages.push(
        buildPage({
          spec: document,
          operations,
          catalogue,
          page: path.join(outDir, version, 'index.html'),
          versions: versionList(current, released, version),
          changelog,
        }),
      );
    }
    await allSteps(pages);
  });
}

/** dist/docs is replaced only when the page was built. */
export const docs = () => staged([path.dirname(docsFile)], (outDir) => docsInto({ outDir }));

runIfMain(import.meta.url, docs);
