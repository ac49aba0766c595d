// Validates any response body against the bundled spec: the schema of the declared status, or of
// `default`. Independent of Prism, so a mock or a server that breaks the spec fails the test.
import { expect } from 'vitest';
import spec from '../../generated/openapi.json' with { type: 'json' };
import { createSpecAjv, describeProblems } from '../../src/validate.js';

const ajv = createSpecAjv();
const responses = spec.paths['/user/financial_data/refresh'].post.responses as Record<string, { $ref?: string }>;

function schemaPointerFor(status: number) {
  const declared = responses[String(status)] ?? responses.default!;
  const key = Object.entries(responses).find(([, r]) => r === declared)![0];
  const base = declared.$ref ? declared.$ref.slice(1) : `/paths/~1user~1financial_data~1refresh/post/responses/${key}`;
  return { key, pointer: `${base}/content/application~1json/schema` };
}

export interface Exchange {
  status: number;
  contentType: string | null;
  body: string;
  /** Prism's `sl-violations` header: what its validating proxy found wrong with the upstream answer. */
  violations?: string | null;
}

export const exchangeOf = async (response: Response): Promise<Exchange> => ({
  status: response.status,
  contentType: response.headers.get('content-type'),
  body: await response.clone().text(),
  violations: response.headers.get('sl-violations'),
});

/** Fails with the problems and the body when the response is not what the spec allows. */
export function expectMatchesSpec({ status, contentType, body, violations }: Exchange) {
  // Through the proxy, Prism replaces a response that breaks the spec with its own 500 problem;
  // its header names what the server got wrong, which says more than the 500 itself.
  // (The mock also lists the request's violations there; those are the point of invalid-request tests.)
  const found = (JSON.parse(violations ?? '[]') as { location: string[]; message: string }[])
    .filter((v) => v.location[0] === 'response')
    .map((v) => `${v.location.join('.')}: ${v.message}`);
  if (found.length > 0) {
    expect.fail(`the server's response breaks the spec (found by Prism's validating proxy):\n  ${found.join('\n  ')}`);
  }
  const { key, pointer } = schemaPointerFor(status);
  expect(contentType ?? '', `HTTP ${status}: Content-Type`).toMatch(/^application\/json/);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    expect.fail(`HTTP ${status}: body is not JSON:\n${body.slice(0, 500)}`);
  }
  const validate = ajv.getSchema(`openapi.json#${pointer}`)!;
  if (!validate(parsed)) {
    expect.fail(
      `HTTP ${status} body breaks the spec's "${key}" response:\n  ${describeProblems(validate.errors).join('\n  ')}\n` +
        `body:\n${JSON.stringify(parsed, null, 2)}`,
    );
  }
  return parsed;
}
