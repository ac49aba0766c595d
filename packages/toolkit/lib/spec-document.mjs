// The bundled spec as a document to walk: JSON pointers, local `$ref`s, object shapes through
// `allOf`, and examples wherever the spec writes them. Pure functions with no Node import, so the
// toolkit's browser-side code (its MSW handlers) uses the same ones as the scripts.

export const unescapePointerPart = (part) => part.replaceAll('~1', '/').replaceAll('~0', '~');
export const escapePointerPart = (part) => part.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Whether a request is for this operation: the same method, and the same path once the query
 * string is set aside.
 * @param {{ method: string, path: string }} row an operation of generated/operations.json
 */
export const isRequestFor = (row, method, url) => row.method === method.toLowerCase() && row.path === url.split('?')[0];

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
