// The operations of a generated/ directory, for every script that works on "each operation" (mock
// banner, docs quick start, fuzzer, bench, load, reference server): the rows of operations.json
// plus what they name, resolved from the bundle beside it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fromRoot } from './step.mjs';

/** @typedef {import('./spec-ajv.mjs').OperationRow} OperationRow */
/** @typedef {OperationRow & { operationId: string, sample: Record<string, unknown> | undefined }} Operation */

/** Plaid accepts these in the body as well as in headers; samples leave them to the headers. */
export const bodyCredentialFields = ['client_id', 'secret'];

const unescapePointerPart = (part) => part.replaceAll('~1', '/').replaceAll('~0', '~');

/** The node at a JSON pointer of the document, following `$ref`s at the end. */
export function atPointer(document, pointer) {
  let node = pointer
    .split('/')
    .slice(1)
    .reduce((at, part) => at?.[unescapePointerPart(part)], document);
  while (typeof node?.$ref === 'string') node = atPointer(document, node.$ref.replace(/^#/, ''));
  return node;
}

/** A named example's value: the bundle keeps every named example in components/examples. */
export function exampleValue(document, name) {
  const found = document.components?.examples?.[name];
  if (!found) throw new Error(`no example named ${name} in components/examples`);
  return found.value;
}

/** A body the operation accepts: its first named request example, credentials left to headers. */
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
export async function loadOperations(dir = fromRoot('generated')) {
  const [table, document] = await Promise.all(
    ['operations.json', 'openapi.json'].map(async (file) => JSON.parse(await readFile(path.join(dir, file), 'utf8'))),
  );
  const operations = Object.entries(table).map(([operationId, row]) => ({ operationId, ...row, sample: sampleBody(document, row) }));
  return { document, operations };
}

/**
 * How to select each named example of an operation on the mock: `[status, name, Prefer value]`.
 * @param {Pick<OperationRow, 'responses'>} row
 * @returns {[string, string, string][]}
 */
export function preferHeaders(row) {
  return Object.entries(row.responses).flatMap(([status, { examples }]) =>
    status === 'default'
      ? []
      : examples.map(
          (name) =>
            /** @type {[string, string, string]} */ ([
              status,
              name,
              status.startsWith('2') ? `example=${name}` : `code=${status}, example=${name}`,
            ]),
        ),
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
  if (credentials) lines.push(`-H "PLAID-CLIENT-ID: $PLAID_CLIENT_ID" -H "PLAID-SECRET: $PLAID_SECRET"`);
  if (prefer) lines.push(`-H 'Prefer: ${prefer}'`);
  if (row.sample !== undefined) lines.push(`-d '${JSON.stringify(row.sample)}'`);
  return lines.join(' \\\n  ');
}
