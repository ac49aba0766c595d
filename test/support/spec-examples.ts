// The spec's named examples, read from the bundle, so tests serve the same data the docs show.
import spec from '../../generated/openapi.json' with { type: 'json' };

type Examples = Record<string, { value: unknown }>;
const operation = spec.paths['/user/financial_data/refresh'].post;

export const successExamples = operation.responses['200'].content['application/json'].examples as unknown as Examples;

export function errorExamples(status: '400' | '429' | '500' | '503'): Examples {
  const ref = (operation.responses[status] as { $ref: string }).$ref;
  const name = ref.split('/').pop() as keyof typeof spec.components.responses;
  return spec.components.responses[name].content['application/json'].examples as unknown as Examples;
}

type ExampleOrRef = { value: unknown } | { $ref: string };

/** An example's value, following the bundle's `$ref` into components/examples. */
export const example = (examples: Examples, name: string): unknown => {
  const found = examples[name] as ExampleOrRef | undefined;
  if (!found) throw new Error(`no example named ${name}`);
  if ('value' in found) return found.value;
  const target = found.$ref.replace('#/components/examples/', '') as keyof typeof spec.components.examples;
  return (spec.components.examples[target] as { value: unknown }).value;
};
