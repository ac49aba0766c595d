// Builds dist/docs/index.html: one self-contained page from the bundled spec, with Redoc's script
// inlined (redocly build-docs --inlineBundle) so the page makes no network request when opened.
// A Quick start and the error catalogue are added to the spec's description first.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { errorCatalogueMarkdown } from './error-catalogue-markdown.mjs';
import { typeOptions } from './generate-types.mjs';
import { curlCommand, loadOperations, preferHeaders } from './operations.mjs';
import { staged } from './staged.mjs';
import { fromRoot, runIfMain, runTool, StepError, step } from './step.mjs';

export const docsFile = fromRoot('dist', 'docs', 'index.html');

const typeFlags = () =>
  [
    typeOptions.defaultNonNullable === false && '--default-non-nullable false',
    typeOptions.immutable && '--immutable',
    typeOptions.alphabetize && '--alphabetize',
    typeOptions.rootTypes && '--root-types',
    typeOptions.rootTypesNoSchemaPrefix && '--root-types-no-schema-prefix',
  ]
    .filter(Boolean)
    .join(' ');

async function quickStart(operations) {
  const example = await readFile(fromRoot('examples', 'refresh.ts'), 'utf8');
  return `
# Quick start

### Call it with the typed client

\`\`\`typescript
${example.replaceAll("'../src/index.js'", "'plaid-user-financial-data-refresh'").trim()}
\`\`\`

A call never throws: it returns \`{ data }\` or \`{ error }\`. \`error.kind\` is \`plaid\` (a Plaid
error body), \`timeout\`, \`network\`, \`invalid_response\` or \`aborted\`.

### Regenerate a client in another repo

The single-file bundle ships in the package as \`openapi.yaml\` and \`openapi.json\`. Generate types
with the same options this toolkit uses:

\`\`\`bash
npx openapi-typescript node_modules/plaid-user-financial-data-refresh/generated/openapi.yaml ${typeFlags()} -o src/plaid-schema.d.ts
\`\`\`

### Try it against the mock

\`\`\`bash
npx plaid-refresh mock   # Prism on http://127.0.0.1:4010; a Prefer header picks the example
\`\`\`

${operations.map((row) => `**${row.summary}** (\`${row.operationId}\`)\n\n\`\`\`bash\n${curlCommand('http://127.0.0.1:4010', row, { credentials: false, prefer: preferHeaders(row)[0]?.[2] })}\n\`\`\`\n`).join('\n')}
`;
}

// Redoc still points its "API docs by Redocly" badge at an image on Redocly's CDN, with no option
// to turn it off. The page's own Content-Security-Policy forbids every network fetch, so the
// browser never sends that request (the badge falls back to text), nor any request added later.
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

/**
 * Writes index.html into `outDir`; the error catalogue comes from the compiled client in `libDir`.
 * @param {{ outDir?: string, libDir?: string }} [where]
 */
export async function docsInto({ outDir = fromRoot('dist', 'docs'), libDir = fromRoot('dist', 'lib') } = {}) {
  await step('docs → dist/docs/index.html', async () => {
    const catalogueModule = path.join(libDir, 'src', 'error-catalogue.js');
    const catalogue = await import(pathToFileURL(catalogueModule).href).catch(() => {
      throw new StepError(`${catalogueModule} is missing: run \`npm run compile\` first (build does).`);
    });
    const spec = JSON.parse(await readFile(fromRoot('generated', 'openapi.json'), 'utf8'));
    spec.info.description = `${spec.info.description}\n${await quickStart((await loadOperations()).operations)}\n${errorCatalogueMarkdown(spec, catalogue)}`;
    const work = await mkdtemp(path.join(tmpdir(), 'docs-'));
    const page = path.join(outDir, 'index.html');
    try {
      const input = path.join(work, 'openapi.json');
      await writeFile(input, JSON.stringify(spec));
      await runTool('redocly', [
        'build-docs',
        input,
        '--output',
        page,
        '--title',
        spec.info.title,
        // Redoc's script goes into the page instead of being loaded from Redocly's CDN.
        '--inlineBundle',
        // A "Schemas" section, so each schema can be read by its Plaid name.
        '--openapi.schemaDefinitionsTagName=Schemas',
      ]);
      await writeFile(page, withOfflinePolicy(await readFile(page, 'utf8')));
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
}

/** dist/docs is replaced only when the page was built. */
export const docs = () => staged([path.dirname(docsFile)], (outDir) => docsInto({ outDir }));

runIfMain(import.meta.url, docs);
