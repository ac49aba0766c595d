// Checks bodies against the bundled spec with Ajv. Ajv understands OpenAPI 3.0's `nullable`;
// the spec's annotation keywords (`example`, `x-extensible-enum`) are declared so strict mode stays on.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import spec from '../generated/openapi.json' with { type: 'json' };

const SPEC_ID = 'openapi.json';

export function createSpecAjv(document: object = spec) {
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  addFormats.default(ajv);
  // The document's top-level keys and OpenAPI's annotations are not JSON Schema keywords.
  ajv.addVocabulary(['openapi', 'info', 'servers', 'security', 'tags', 'paths', 'components', 'example', 'x-extensible-enum']);
  ajv.addSchema(document, SPEC_ID);
  return ajv;
}

let shared: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

/** A validator for a schema of the bundled spec, by JSON pointer, compiled once per process. */
export function specValidator(pointer: string): ValidateFunction {
  let validate = compiled.get(pointer);
  if (!validate) {
    shared ??= createSpecAjv();
    validate = shared.getSchema(`${SPEC_ID}#${pointer}`);
    if (!validate) throw new Error(`No schema at ${pointer} in the bundled spec`);
    compiled.set(pointer, validate);
  }
  return validate;
}

export const schemaPointer = (name: string) => `/components/schemas/${name}`;

/** One line per problem: where in the body, and what is wrong. */
export const describeProblems = (errors: readonly ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
