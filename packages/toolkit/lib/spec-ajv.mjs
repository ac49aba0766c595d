// The toolkit's judge of requests and responses: Ajv over a whole bundled spec, compiled at run
// time (the client uses the build-time validators in generated/validators.ts instead).
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

const SPEC_ID = 'openapi.json';

/**
 * One row of generated/operations.json.
 * @typedef {object} OperationRow
 * @property {string} method
 * @property {string} path
 * @property {string} summary
 * @property {{ schema: string, required: string[], properties: string[], examples: import('./spec-document.mjs').ExampleRef[] } | null} request
 * @property {string[][]} security
 * @property {Record<string, { schema: string | null, examples: import('./spec-document.mjs').ExampleRef[] }>} responses
 */

/** One Ajv per document: compiling the spec's schemas is the slow part, and a document is not edited once loaded. */
const compiled = new WeakMap();

/** @param {object} document */
export function createSpecAjv(document) {
  const known = compiled.get(document);
  if (known) return known;
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  compiled.set(document, ajv);
  addFormats.default(ajv);
  // The document's top-level keys and OpenAPI's annotations are not JSON Schema keywords.
  ajv.addVocabulary([
    'openapi',
    'info',
    'servers',
    'security',
    'tags',
    'paths',
    'components',
    'example',
    'x-extensible-enum',
    'x-codeSamples',
    'webhooks',
  ]);
  ajv.addSchema(document, SPEC_ID);
  return ajv;
}

/**
 * A validator for the schema at a JSON pointer of the document, or undefined.
 * @param {Ajv} ajv
 * @param {string} pointer
 */
export const schemaAt = (ajv, pointer) => ajv.getSchema(`${SPEC_ID}#${pointer}`);

/**
 * The response an operation declares for a status: exact, then its class (`4XX`), then `default`.
 * @param {Pick<OperationRow, 'responses'>} operation
 * @param {number | string} status
 * @returns {({ key: string } & OperationRow['responses'][string]) | undefined}
 */
export function declaredResponse(operation, status) {
  const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => operation.responses[k]);
  const declared = key === undefined ? undefined : operation.responses[key];
  return key === undefined || !declared ? undefined : { key, ...declared };
}

/**
 * One line per problem: where in the body, and what is wrong.
 * @param {readonly import('ajv').ErrorObject[] | null | undefined} errors
 */
export const describeProblems = (errors) =>
  (errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
