// Writes generated/operations.json: one row per operationId, read by every layer that is about
// "the operations" (client core, contract suite, fuzzer, mock banner, docs, reference server,
// bench), so an operation added to spec/ is covered everywhere without an edit outside spec/.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { escapePointerPart, mediaExamples, objectShape, resolveRef } from './operations.mjs';
import { step } from './step.mjs';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** The JSON pointer of a schema: its component when it is a `$ref`, else where it sits inline. */
const schemaPointer = (schema, inlineAt) => (schema?.$ref ? schema.$ref.replace(/^#/, '') : inlineAt);

function mediaRow(document, media, at) {
  if (!media) return { schema: null, examples: [] };
  return { schema: schemaPointer(media.schema, `${at}/schema`), examples: mediaExamples(document, media, at) };
}

export function operationsTable(document) {
  /** @type {Record<string, import('./spec-ajv.mjs').OperationRow>} */
  const table = {};
  const rootSecurity = document.security ?? [];
  for (const [urlPath, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const at = `/paths/${escapePointerPart(urlPath)}/${method}`;
      const body = resolveRef(document, operation.requestBody, `${at}/requestBody`);
      const json = body.node?.content?.['application/json'];
      const jsonAt = `${body.pointer}/content/application~1json`;
      /** @type {Record<string, { schema: string | null, examples: import('./spec-document.mjs').ExampleRef[] }>} */
      const responses = {};
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const resolved = resolveRef(document, response, `${at}/responses/${status}`);
        responses[status] = mediaRow(
          document,
          resolved.node?.content?.['application/json'],
          `${resolved.pointer}/content/application~1json`,
        );
      }
      table[operation.operationId] = {
        method,
        path: urlPath,
        summary: operation.summary ?? '',
        request: json
          ? {
              schema: schemaPointer(json.schema, `${jsonAt}/schema`),
              ...((shape) => ({ required: shape.required, properties: Object.keys(shape.properties) }))(
                objectShape(document, json.schema, `${jsonAt}/schema`),
              ),
              examples: mediaExamples(document, json, jsonAt),
            }
          : null,
        // Each alternative is the list of scheme names it needs; [] means "no header credentials".
        security: (operation.security ?? rootSecurity).map((alternative) => Object.keys(alternative)),
        responses,
      };
    }
  }
  return table;
}

/**
 * The named examples of each operation by status, as a type, so a test that picks one by name
 * (the toolkit's MSW handlers) is checked by the compiler. A singular example has no name.
 * @param {Record<string, import('./spec-ajv.mjs').OperationRow>} table
 */
export function exampleNamesSource(table) {
  const quote = (name) => JSON.stringify(name);
  const rows = Object.entries(table).map(([operationId, row]) => {
    const statuses = Object.entries(row.responses)
      .filter(([status]) => /^\d{3}$/.test(status))
      .map(([status, { examples }]) => {
        const names = examples.flatMap((e) => (e.name === null ? [] : [quote(e.name)]));
        return `    ${status}: ${names.length > 0 ? names.join(' | ') : 'never'};`;
      });
    return `  ${quote(operationId)}: {\n${statuses.join('\n')}\n  };`;
  });
  return `// Generated from the spec by packages/toolkit/lib/generate-operations.mjs. Do not edit.\n\n/** The named examples of each operation, by status. */\nexport interface ExampleNames {\n${rows.join('\n')}\n}\n`;
}

export async function generateOperations(outDir) {
  await step('operations → operations.json', async () => {
    const document = JSON.parse(await readFile(path.join(outDir, 'openapi.json'), 'utf8'));
    const table = operationsTable(document);
    await writeFile(path.join(outDir, 'operations.json'), `${JSON.stringify(table, null, 2)}\n`);
    await writeFile(path.join(outDir, 'examples.d.ts'), exampleNamesSource(table));
  });
}
