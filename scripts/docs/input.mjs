// The docs copy of a bundle: the spec reshaped for Redoc (a Quick start, the error catalogue and
// the spec's notes as sections, nullable and open objects as a reader of Plaid expects them, code
// samples per operation). The published bundle, the types and the mock keep the spec as written.
import { readFile } from 'node:fs/promises';
import { codeSamples } from '../../packages/toolkit/lib/code-samples.mjs';
import { curlCommand, preferHeaders } from '../../packages/toolkit/lib/operations.mjs';
import { clientPackage, toolkitPackage } from '../../packages/toolkit/lib/package-names.mjs';
import { errorCatalogueMarkdown } from '../error-catalogue-markdown.mjs';
import { fromRepo } from '../repo.mjs';

async function quickStart(operations) {
  const example = await readFile(fromRepo('examples', 'refresh.ts'), 'utf8');
  return `### Call it with the typed client

\`\`\`bash
npm install ${clientPackage}
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
npm install --save-dev ${toolkitPackage}
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
