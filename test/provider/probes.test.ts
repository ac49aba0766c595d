// The probe table is derived from the spec: edits to a copy of the bundle (a new constrained
// property, a tighter limit, a second security alternative) show up as new probes and in the
// coverage report, with no code change. Every probe's expectation agrees with the request
// schema itself (Ajv over the bundle), not only with the judge that confirmed it.
import { describe, expect, test } from 'vitest';
import bundle from '../../generated/openapi.json' with { type: 'json' };
import { coverageOf, coverageText } from '../../packages/toolkit/lib/coverage.mjs';
import { operationsTable } from '../../packages/toolkit/lib/generate-operations.mjs';
import { sampleBody } from '../../packages/toolkit/lib/operations.mjs';
import { atDepth, type Probe, requestProbes } from '../../packages/toolkit/lib/probes.mjs';
import { createSpecAjv, schemaAt } from '../../packages/toolkit/lib/spec-ajv.mjs';

const credentials = { clientId: 'client_probe', secret: 'secret_probe_0000' };
type Doc = typeof bundle & { components: { securitySchemes: Record<string, unknown> } };

function probesOf(document: Doc) {
  const table = operationsTable(document);
  const [operationId, row] = Object.entries(table)[0]!;
  const { probes, unprobed } = requestProbes(document, operationId, row, {
    base: sampleBody(document, row),
    credentials,
    random: () => 0.5,
  });
  return { table, operationId, row, probes, unprobed };
}
const copy = (): Doc => structuredClone(bundle) as Doc;
const keys = (probes: Probe[]) => new Set(probes.map((p) => `${p.family} ${p.subject} ${p.rule} ${p.expect}`));

describe('the probe table of the spec as it is', () => {
  const { probes, row } = probesOf(copy());
  const validate = schemaAt(createSpecAjv(bundle), row.request!.schema)!;

  test('covers every family, and each request property by at least required, type and nullable', () => {
    expect(new Set(probes.map((p) => p.family))).toEqual(new Set(['schema', 'security', 'wire', 'values']));
    for (const field of row.request!.properties.filter((f) => f !== 'client_id' && f !== 'secret')) {
      for (const rule of ['required', 'type', 'nullable'])
        expect(keys(probes).has(`schema ${field} ${rule} refuse`) || keys(probes).has(`schema ${field} ${rule} accept`)).toBe(true);
    }
  });

  test('a schema probe expected to be refused breaks the request schema; one expected to be accepted fits it', () => {
    for (const p of probes.filter((p) => p.family === 'schema')) {
      const body = JSON.parse(String(p.request.body));
      expect(validate(body), `${p.name}`).toBe(p.expect !== 'refuse');
    }
  });

  test('quick depth keeps one probe per family, subject, rule and expectation', () => {
    const quick = atDepth(probes, 'quick');
    expect(quick.length).toBeLessThan(probes.length);
    expect(keys(quick)).toEqual(keys(probes));
  });
});

describe('a spec edit changes the probes, with no code change', () => {
  test('a new optional property with a pattern and a maxLength, and a maxLength on user_id', () => {
    const document = copy();
    const schema = document.components.schemas.UserFinancialDataRefreshRequest as { properties: Record<string, unknown> };
    schema.properties.added_field = { type: 'string', pattern: '^[a-z]+$', maxLength: 12, description: 'added by the test' };
    (schema.properties.user_id as Record<string, unknown>).maxLength = 64;
    const before = keys(probesOf(copy()).probes);
    const { probes, table, operationId } = probesOf(document);
    const added = [...keys(probes)].filter((k) => !before.has(k)).sort();
    expect(added).toEqual(
      expect.arrayContaining([
        'schema added_field pattern refuse',
        'schema added_field pattern accept',
        'schema added_field maxLength refuse',
        'schema added_field maxLength accept',
        'schema added_field required accept',
        'schema user_id maxLength refuse',
        'schema user_id maxLength accept',
      ]),
    );
    const boundary = probes.find((p) => p.subject === 'user_id' && p.rule === 'maxLength' && p.expect === 'refuse')!;
    expect(JSON.parse(String(boundary.request.body)).user_id).toHaveLength(65);
    // The coverage report of a run that sent none of them lists them, with why.
    const coverage = coverageOf(document, table, { exchanges: [], probes: [] }, { depth: 'quick', live: false });
    const added_field = coverage.operations[operationId]!.probes.filter((p) => p.subject === 'added_field' && p.family === 'schema');
    expect(added_field.map((p) => p.rule).sort()).toEqual(['maxLength', 'nullable', 'pattern', 'required', 'type']);
    expect(coverageText(coverage)).toContain('✗ schema · added_field · pattern: not at depth quick');
  });

  test('a second security alternative, an API key in its own header', () => {
    const document = copy();
    document.components.securitySchemes.token = { type: 'apiKey', in: 'header', name: 'PLAID-TOKEN' };
    (document as { security: Record<string, string[]>[] }).security.push({ token: [] });
    const { probes } = probesOf(document);
    const token = probes.filter((p) => p.subject.endsWith(': PLAID-TOKEN'));
    expect(token.map((p) => `${p.rule} ${p.expect}`).sort()).toEqual([
      'absent refuse',
      'absent refuse',
      'accepted answer',
      'empty refuse',
      'near-miss deny',
      'near-miss deny',
      'near-miss deny',
      'wrong deny',
    ]);
    // Sent alone: the other alternatives' credentials are left out, so the token is what is judged.
    const absent = token.find((p) => p.name === 'no PLAID-TOKEN header')!;
    expect(absent.request.headers).toMatchObject({ 'PLAID-CLIENT-ID': null, 'PLAID-SECRET': null, 'PLAID-TOKEN': null });
  });

  test('an operation whose security the judge cannot see is listed as unprobed, with why', () => {
    const document = copy();
    document.components.securitySchemes.oauth = {
      type: 'oauth2',
      flows: { clientCredentials: { tokenUrl: 'https://x/token', scopes: {} } },
    };
    (document as { security: Record<string, string[]>[] }).security.push({ oauth: [] });
    const { unprobed } = probesOf(document);
    expect(unprobed).toContainEqual(
      expect.objectContaining({ family: 'security', subject: 'oauth', reason: 'only apiKey schemes in a header are probed' }),
    );
  });
});
