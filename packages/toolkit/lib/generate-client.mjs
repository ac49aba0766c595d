// Writes generated/client.ts: an openapi-fetch client typed by schema.d.ts, and the spec's
// servers as constants. The hand-written runtime around it (auth, retries, errors) is in src/.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { operationsTable } from './generate-operations.mjs';
import { step } from './step.mjs';

const environmentName = (server) => server.description.toLowerCase();
const pascal = (name) => name.replace(/(^|_)([a-z])/g, (_, __, c) => c.toUpperCase());

/** Every open enum (`x-extensible-enum`) in the schemas, named Schema or SchemaField. */
function openEnums(document) {
  /** @type {[string, string[]][]} */
  const found = [];
  for (const [schemaName, schema] of Object.entries(document.components?.schemas ?? {})) {
    if (schema['x-extensible-enum']) found.push([schemaName, schema['x-extensible-enum']]);
    for (const [field, property] of Object.entries(schema.properties ?? {})) {
      if (property['x-extensible-enum']) found.push([schemaName + pascal(field), property['x-extensible-enum']]);
    }
  }
  return found;
}

const knownValuesSource = ([name, values]) => `
/** Known values of the open enum ${name}. Plaid may send others: handle them too. */
export const known${name}Values = ${JSON.stringify(values)} as const;
export type Known${name} = (typeof known${name}Values)[number];
`;

/** What the client's core needs of each operation: method, path, and the schema of each declared response. */
function operationRoutes(document) {
  return Object.fromEntries(
    Object.entries(operationsTable(document)).map(([operationId, { method, path: urlPath, responses }]) => [
      operationId,
      {
        method,
        path: urlPath,
        responses: Object.fromEntries(Object.entries(responses).map(([status, { schema }]) => [status, { schema }])),
      },
    ]),
  );
}

/** The client module; `typesModule` is how it imports the generated types. */
export function clientSource(document, typesModule = './schema.js') {
  const servers = Object.fromEntries((document.servers ?? []).map((s) => [environmentName(s), s.url]));
  return `/**
 * Generated from the bundled spec by packages/toolkit/lib/generate-client.mjs (plaid-user-financial-data-refresh-toolkit).
 * Do not edit: regenerate (\`npm run generate\`, or \`plaid-refresh generate\` in another repo).
 */
import createClient, { type ClientOptions } from 'openapi-fetch';
import type { paths } from '${typesModule}';

export type { paths, components, operations } from '${typesModule}';

/** The spec's servers, by environment. */
export const servers = ${JSON.stringify(servers, null, 2).replace(/"([a-z]+)":/g, '$1:')} as const;

export type Environment = keyof typeof servers;

/** The version of this spec (semver), and of Plaid's API description it follows. */
export const specVersion = ${JSON.stringify(document.info.version)};
export const plaidApiVersion = ${JSON.stringify(document.info['x-plaid-api-version'])};

// Open enums are typed \`string\` in schema.d.ts, so a new value from Plaid never fails to
// type-check; their known values live here, for autocomplete and exhaustive handling.
${openEnums(document).map(knownValuesSource).join('')}
/**
 * Each operation's method, path and response schema pointers, by status: what a client routes and
 * validates by (generated/operations.json has the rest).
 */
export const operationRoutes = ${JSON.stringify(operationRoutes(document), null, 2)} as const;

/** A bare openapi-fetch client for this spec: no auth, no retries, no error mapping. */
export function createRawClient(options?: ClientOptions) {
  return createClient<paths>(options);
}
`;
}

export async function generateClient(outDir) {
  await step('client → client.ts', async () => {
    const document = JSON.parse(await readFile(path.join(outDir, 'openapi.json'), 'utf8'));
    await writeFile(path.join(outDir, 'client.ts'), clientSource(document));
  });
}
