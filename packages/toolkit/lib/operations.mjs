// The operations of a generated/ directory, for every script that works on "each operation" (mock
// banner, docs quick start, fuzzer, bench, load, reference server): the rows of operations.json
// plus what they name, resolved from the bundle beside it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { bodyCredentialFields, credentials as credentialNames } from './plaid-facts.mjs';
import { exampleLabel, exampleValue } from './spec-document.mjs';
import { fromPackage } from './step.mjs';

/** @typedef {import('./spec-ajv.mjs').OperationRow} OperationRow */
/** @typedef {OperationRow & { operationId: string, sample: Record<string, unknown> | undefined }} Operation */

export { bodyCredentialFields } from './plaid-facts.mjs';

export {
  atPointer,
  escapePointerPart,
  exampleLabel,
  exampleValue,
  inlineRefs,
  mediaExamples,
  nodeAt,
  objectShape,
  resolveRef,
  unescapePointerPart,
} from './spec-document.mjs';

/** A body the operation accepts: its first request example, credentials left to headers. */
export function sampleBody(document, row) {
  if (!row.request) return undefined;
  const [first] = row.request.examples;
  const body = { ...(first ? exampleValue(document, first) : {}) };
  for (const field of bodyCredentialFields) delete body[field];
  return body;
}

/**
 * @param {string} [dir] a generated/ directory
 * @returns {Promise<{ document: any, operations: Operation[] }>}
 */
export async function loadOperations(dir = fromPackage('generated')) {
  const [table, document] = await Promise.all(
    ['operations.json', 'openapi.json'].map(async (file) => JSON.parse(await readFile(path.join(dir, file), 'utf8'))),
  );
  const operations = Object.entries(table).map(([operationId, row]) => ({ operationId, ...row, sample: sampleBody(document, row) }));
  return { document, operations };
}

/**
 * The Prefer header that selects an example on the mock: its status and name, or its status alone
 * for a singular one (Prism serves it for its status). The status keeps a name unambiguous when an
 * operation declares several successes.
 * @param {string} status
 * @param {import('./spec-document.mjs').ExampleRef} example
 */
export function preferFor(status, example) {
  return example.name === null ? `code=${status}` : `code=${status}, example=${example.name}`;
}

/**
 * How to select each example of an operation on the mock: `[status, label, Prefer value]`.
 * @param {Pick<OperationRow, 'responses'>} row
 * @returns {[string, string, string][]}
 */
export function preferHeaders(row) {
  return Object.entries(row.responses).flatMap(([status, { examples }]) =>
    status === 'default'
      ? []
      : examples.map((example) => /** @type {[string, string, string]} */ ([status, exampleLabel(example), preferFor(status, example)])),
  );
}

/**
 * A shell command that calls the operation at `baseUrl` with its sample body.
 * @param {string} baseUrl
 * @param {Operation} row
 * @param {{ prefer?: string, credentials?: boolean }} [options]
 */
export function curlCommand(baseUrl, row, { prefer, credentials = true } = {}) {
  const lines = [`curl -X ${row.method.toUpperCase()} ${baseUrl}${row.path}`, `-H 'Content-Type: application/json'`];
  if (credentials) lines.push(credentialNames.map((c) => `-H "${c.header}: $${c.variable}"`).join(' '));
  if (prefer) lines.push(`-H 'Prefer: ${prefer}'`);
  if (row.sample !== undefined) lines.push(`-d '${JSON.stringify(row.sample)}'`);
  return lines.join(' \\\n  ');
}
