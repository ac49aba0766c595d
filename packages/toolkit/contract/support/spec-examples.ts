// The spec's named examples and schemas, read from the bundle, so tests serve the same data the
// docs show. Lookups go by JSON pointer, as generated/operations.json names them.
import spec from '../../generated/openapi.json' with { type: 'json' };
import { type ExampleRef, objectShape, atPointer as resolvePointer, exampleValue as valueAt } from '../../lib/spec-document.mjs';

type Examples = Record<string, { value: unknown }>;
const operation = spec.paths['/user/financial_data/refresh'].post;

/** The node at a JSON pointer of the bundle, following `$ref`s (packages/toolkit/lib/operations.mjs resolves them). */
export const atPointer = (pointer: string): Record<string, unknown> => resolvePointer(spec, pointer);

/** A request schema's required fields and property schemas, through `allOf`. */
export const requestShape = (pointer: string) => objectShape(spec, { $ref: `#${pointer}` }, pointer);

/** An example's value, by the pointer generated/operations.json records for it. */
export const exampleValue = (example: ExampleRef): unknown => valueAt(spec, example);

export const successExamples = operation.responses['200'].content['application/json'].examples as unknown as Examples;

type ExampleOrRef = { value: unknown } | { $ref: string };

/** An example's value, following the bundle's `$ref` into components/examples. */
export const example = (examples: Examples, name: string): unknown => {
  const found = examples[name] as ExampleOrRef | undefined;
  if (!found) throw new Error(`no example named ${name}`);
  if ('value' in found) return found.value;
  return exampleValue({ name, pointer: `${found.$ref.replace(/^#/, '')}/value` });
};

export function errorExamples(status: '400' | '429' | '500' | '503'): Examples {
  return (atPointer(`/paths/~1user~1financial_data~1refresh/post/responses/${status}`).content as Record<string, { examples: Examples }>)[
    'application/json'
  ]!.examples;
}
