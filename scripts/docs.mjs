// Builds dist/docs/index.html: one self-contained page from the bundled spec, with Redoc's script
// inlined (redocly build-docs --inlineBundle) so the page makes no network request when opened.
// A Quick start and the error catalogue are added to the spec's description first.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import YAML from 'yaml';
import { codeSampleLanguages, codeSamples, packageName, toolkitName } from './code-samples.mjs';
import { clientDistDir } from './compile.mjs';
import { errorCatalogueMarkdown } from './error-catalogue-markdown.mjs';
import { curlCommand, loadOperations, preferHeaders } from './operations.mjs';
import { staged } from './staged.mjs';
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
export async function docsInput(spec, operations, catalogue) {
  const input = withPlainNullables(withoutOpenMapRows(structuredClone(spec)));
  // The introduction keeps its first paragraph; its sections follow the operations.
  const [intro = '', ...sections] = input.info.description.split(/^## /m);
  input.info.description = `${intro.trim()}${OPEN_OBJECTS_NOTE}`;
  const sectionTags = sections.map((section) => {
    const [title = '', ...body] = section.split('\n');
    return { name: title.trim(), 'x-traitTag': true, description: body.join('\n').trim() };
  });
  const catalogueMarkdown = errorCatalogueMarkdown(spec, catalogue).replace(/^\s*# Error catalogue\s*/, '');
  input.tags = [
    ...(input.tags ?? []),
    { name: 'Quick start', 'x-traitTag': true, description: await quickStart(operations) },
    { name: 'Error catalogue', 'x-traitTag': true, description: catalogueMarkdown },
    ...sectionTags,
  ];
  // Redoc collapses a tag with a description behind "+ Show"; without one, its operations show.
  for (const tag of input.tags) if (!tag['x-traitTag']) delete tag.description;
  for (const row of operations) {
    const baseUrl = spec.servers?.find((server) => /sandbox/i.test(server.description ?? server.url))?.url;
    input.paths[row.path][row.method]['x-codeSamples'] = codeSamples(row, { baseUrl });
  }
  return input;
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

/** @param {string} html */
function withReadableCode(html) {
  return html.replace('</head>', `${READABLE_CODE}\n</head>`);
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

/**
 * Writes index.html into `outDir`; the error catalogue comes from the compiled client in `libDir`.
 * @param {{ outDir?: string, libDir?: string }} [where]
 */
export async function docsInto({ outDir = fromRoot('dist', 'docs'), libDir = clientDistDir } = {}) {
  await step('docs → dist/docs/index.html', async () => {
    const catalogueModule = path.join(libDir, 'src', 'error-catalogue.js');
    const catalogue = await import(pathToFileURL(catalogueModule).href).catch(() => {
      throw new StepError(`${catalogueModule} is missing: run \`npm run compile\` first (build does).`);
    });
    const spec = JSON.parse(await readFile(fromRoot('generated', 'openapi.json'), 'utf8'));
    const input = await docsInput(spec, (await loadOperations()).operations, catalogue);
    const work = await mkdtemp(path.join(tmpdir(), 'docs-'));
    const page = path.join(outDir, 'index.html');
    try {
      const inputFile = path.join(work, 'openapi.json');
      await writeFile(inputFile, JSON.stringify(input));
      // Redoc's options for the page, in a config of its own: the lint config says nothing of pages.
      await writeFile(path.join(work, 'redocly.yaml'), YAML.stringify({ openapi: pageOptions }));
      await runTool(
        'redocly',
        // Redoc's script goes into the page instead of being loaded from Redocly's CDN.
        ['build-docs', inputFile, '--output', page, '--title', spec.info.title, '--inlineBundle'],
        { cwd: work },
      );
      await writeFile(page, withOfflinePolicy(withoutRemoteBadge(withReadableCode(await readFile(page, 'utf8')))));
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
}

/** dist/docs is replaced only when the page was built. */
export const docs = () => staged([path.dirname(docsFile)], (outDir) => docsInto({ outDir }));

runIfMain(import.meta.url, docs);
