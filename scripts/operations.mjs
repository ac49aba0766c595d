// The operations of a generated/ directory, for every script that works on "each operation" (mock
// banner, docs quick start, fuzzer, bench, load, reference server): the rows of operations.json
// plus what they name, resolved from the bundle beside it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { bodyCredentialFields, credentials as credentialNames } from './plaid-facts.mjs';
import { fromRoot } from './step.mjs';

/** @typedef {import('./spec-ajv.mjs').OperationRow} OperationRow */
/** @typedef {OperationRow & { operationId: string, sample: Record<string, unknown> | undefined }} Operation */

export { bodyCredentialFields } from './plaid-facts.mjs';

export const unescapePointerPart = (part) => part.replaceAll('~1', '/').replaceAll('~0', '~');
export const escapePointerPart = (part) => part.replaceAll('~', '~0').replaceAll('/', '~1');

/** The node at a JSON pointer of the document, as it is (a `$ref` is not followed). */
export const nodeAt = (document, pointer) =>
  pointer
    .split('/')
    .slice(1)
    .reduce((at, part) => at?.[unescapePointerPart(part)], document);

/** Follows local `$ref`s from `node`, found at `pointer`: the target and the pointer it lives at. */
export function resolveRef(document, node, pointer) {
  const seen = new Set();
  let at = { node, pointer };
  while (typeof at.node?.$ref === 'string' && at.node.$ref.startsWith('#') && !seen.has(at.node.$ref)) {
    seen.add(at.node.$ref);
    const target = at.node.$ref.slice(1);
    at = { node: nodeAt(document, target), pointer: target };
  }
  return at;
}

/** The node at a JSON pointer of the document, following `$ref`s at the end. */
export const atPointer = (document, pointer) => resolveRef(document, nodeAt(document, pointer), pointer).node;

/**
 * A copy of `node` with every local `$ref` replaced by its target, for tools that take one
 * self-contained schema (json-schema-faker). A cycle is cut at the `$ref` that closes it.
 */
export function inlineRefs(document, node, seen = new Set()) {
  if (Array.isArray(node)) return node.map((item) => inlineRefs(document, item, seen));
  if (!node || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string' && node.$ref.startsWith('#')) {
    if (seen.has(node.$ref)) return {};
    return inlineRefs(document, nodeAt(document, node.$ref.slice(1)), new Set([...seen, node.$ref]));
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, inlineRefs(document, value, seen)]));
}

/**
 * An object schema's required fields and property schemas, through `allOf` (each part may be a
 * `$ref`), and whether it closes itself to other properties.
 * @returns {{ required: string[], properties: Record<string, any>, closed: boolean }}
 */
export function objectShape(document, schema, pointer, depth = 0) {
  const { node } = resolveRef(document, schema, pointer);
  const shape = {
    required: [...(node?.required ?? [])],
    properties: { ...(node?.properties ?? {}) },
    closed: node?.additionalProperties === false,
  };
  if (depth > 8) return shape;
  for (const [i, part] of (node?.allOf ?? []).entries()) {
    const inner = objectShape(document, part, `${pointer}/allOf/${i}`, depth + 1);
    shape.required.push(...inner.required);
    Object.assign(shape.properties, inner.properties);
  }
  return { ...shape, required: [...new Set(shape.required)] };
}

/**
 * An example of a media type, as generated/operations.json records it: its name (null for a
 * singular `example`) and the JSON pointer of its value in the bundle.
 * @typedef {{ name: string | null, pointer: string }} ExampleRef
 */

/**
 * A media type's examples wherever the spec puts them: named under `examples` (`$ref`ed into
 * components/examples or written inline), else the media type's singular `example`, else its
 * schema's. The bundler moves only `$ref`ed examples, so each is found by pointer, not by name.
 * @returns {ExampleRef[]}
 */
export function mediaExamples(document, media, at) {
  const named = Object.entries(media?.examples ?? {});
  if (named.length > 0) {
    return named.map(([name, example]) => ({
      name,
      pointer: `${resolveRef(document, example, `${at}/examples/${escapePointerPart(name)}`).pointer}/value`,
    }));
  }
  if (media && 'example' in media) return [{ name: null, pointer: `${at}/example` }];
  const schema = resolveRef(document, media?.schema, `${at}/schema`);
  if (schema.node && typeof schema.node === 'object' && 'example' in schema.node)
    return [{ name: null, pointer: `${schema.pointer}/example` }];
  return [];
}

/** How a report names an example: its name, or `example` for a singular one. */
export const exampleLabel = (example) => example.name ?? 'example';

/** An example's value, from the pointer generated/operations.json records. */
export function exampleValue(document, example) {
  const value = nodeAt(document, example.pointer);
  if (value === undefined) throw new Error(`no example value at ${example.pointer} of the bundle (${exampleLabel(example)})`);
  return value;
}

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
export async function loadOperations(dir = fromRoot('generated')) {
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
 * @param {ExampleRef} example
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
