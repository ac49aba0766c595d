// The gate's own rules and the public surface, table-driven: each row is an edit a maintainer
// makes to (a copy of) the released bundle, and the level a consumer of the client or a server
// implementer needs for it. Redocly's diff alone gives each of these no change, or too low a level.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import YAML from 'yaml';
import { latestRelease } from '../../scripts/diff.mjs';
import { specRuleChanges } from '../../scripts/gate/spec-rules.mjs';
import { surfaceChanges } from '../../scripts/gate/surface.mjs';
import { repoRoot } from '../support/repo-copy.js';

// biome-ignore lint/suspicious/noExplicitAny: a bundle is any JSON the spec holds
type Doc = any;
const released: Doc = YAML.parse(readFileSync(path.join(repoRoot, 'spec/releases', `${await latestRelease()}.yaml`), 'utf8'));
const op = (doc: Doc) => doc.paths['/user/financial_data/refresh'].post;
const renameSchema = (doc: Doc, from: string, to: string) => {
  doc.components.schemas[to] = doc.components.schemas[from];
  delete doc.components.schemas[from];
  const text = JSON.stringify(doc).replaceAll(`"#/components/schemas/${from}"`, `"#/components/schemas/${to}"`);
  return JSON.parse(text);
};

const rows: [string, (doc: Doc) => Doc | undefined, 'major' | 'minor' | 'patch' | 'none', RegExp][] = [
  ['rename a component schema', (d) => renameSchema(d, 'RefreshResult', 'RefreshOutcome'), 'major', /no longer exports type RefreshResult/],
  [
    'a new success status (202)',
    (d) => {
      op(d).responses['202'] = op(d).responses['200'];
    },
    'major',
    /may now answer 202/,
  ],
  [
    'an open enum value added',
    (d) => {
      d.components.schemas.RefreshResult.properties.product['x-extensible-enum'].push('assets');
    },
    'minor',
    /value "assets" added to the open enum/,
  ],
  [
    'a known open enum value removed',
    (d) => {
      d.components.schemas.RefreshResult.properties.product['x-extensible-enum'].pop();
    },
    'major',
    /known value "liabilities" removed/,
  ],
  [
    'an open enum closed',
    (d) => {
      const product = d.components.schemas.RefreshResult.properties.product;
      product.enum = product['x-extensible-enum'];
      delete product['x-extensible-enum'];
    },
    'major',
    /was closed to/,
  ],
  [
    'an example value changed',
    (d) => {
      d.components.examples.NoItems.value.user_id = 'usr_changed';
    },
    'patch',
    /example value at \/components\/examples\/NoItems\/value changed/,
  ],
  [
    'a named example removed',
    (d) => {
      delete d.components.examples.NoItems;
      op(d).responses['200'].content['application/json'].examples.NoItems = undefined;
      return JSON.parse(JSON.stringify(d));
    },
    'major',
    /named example NoItems was removed/,
  ],
  [
    'the operation deprecated',
    (d) => {
      op(d).deprecated = true;
    },
    'minor',
    /POST \/user\/financial_data\/refresh is now deprecated/,
  ],
  [
    'a request property deprecated',
    (d) => {
      d.components.schemas.UserFinancialDataRefreshRequest.properties.client_id.deprecated = true;
    },
    'minor',
    /properties\/client_id is now deprecated/,
  ],
  [
    'a response closed to unknown fields',
    (d) => {
      d.components.schemas.RefreshResult.additionalProperties = false;
    },
    'major',
    /closed to unknown fields/,
  ],
  [
    'a response field given a pattern',
    (d) => {
      d.components.schemas.UserFinancialDataRefreshResponse.properties.request_id.pattern = '^[A-Za-z0-9]{15}$';
    },
    'major',
    /pattern set to "\^\[A-Za-z0-9\]\{15\}\$": the client's validator refuses answers it took/,
  ],
  [
    'an operation added',
    (d) => {
      d.paths['/user/remove'] = { post: { ...structuredClone(op(d)), operationId: 'userRemove' } };
    },
    'minor',
    /paths gains \/user\/remove|operations gains userRemove/,
  ],
  [
    'a 404 added (Redocly judges it; no rule of ours or export narrows)',
    (d) => {
      op(d).responses['404'] = op(d).responses['400'];
    },
    'none',
    /^$/,
  ],
  [
    "a server's URL changed",
    (d) => {
      d.servers[0].url = 'https://production.example.com';
    },
    'minor',
    /environment 'production' now points at https:\/\/production\.example\.com/,
  ],
  [
    'a response pattern changed (looser here, which the gate cannot prove)',
    (d) => {
      d.components.schemas.PlaidErrorType.pattern = '^[A-Za-z][A-Za-z0-9_]*$';
    },
    'minor',
    /pattern .* → .*: the client's validator may refuse answers it took \(it cannot be told/,
  ],
  [
    'a request minLength lowered',
    (d) => {
      d.components.schemas.UserFinancialDataRefreshRequest.properties.user_id.minLength = 0;
    },
    'minor',
    /minLength 1 → 0: servers must now take requests they refused/,
  ],
  [
    "a server's description renamed",
    (d) => {
      d.servers[0].description = 'Live';
    },
    'major',
    /environment 'production' is gone/,
  ],
];

describe('the gate judges what consumers compile against and what the client accepts', () => {
  test.each(rows)('%s: %s', async (_name, edit, level, message) => {
    const before = structuredClone(released);
    const copy = structuredClone(released);
    const after = edit(copy) ?? copy;
    const changes = [...specRuleChanges(before, after), ...(await surfaceChanges(before, after))];
    if (level === 'none') return expect(changes).toEqual([]);
    const matching = changes.filter((c) => message.test(c.message));
    expect(matching, JSON.stringify(changes, null, 2)).not.toHaveLength(0);
    const order = { none: 0, patch: 1, minor: 2, major: 3 };
    const highest = changes.reduce((top, c) => Math.max(top, order[c.level]), 0);
    expect(highest, JSON.stringify(changes, null, 2)).toBe(order[level]);
  });

  test('no edit, no change', async () => {
    expect([
      ...specRuleChanges(released, structuredClone(released)),
      ...(await surfaceChanges(released, structuredClone(released))),
    ]).toEqual([]);
  });

  test('a renamed component names the exported type that disappeared, at its place in the old release', async () => {
    const after = renameSchema(structuredClone(released), 'RefreshResult', 'RefreshOutcome');
    const changes = await surfaceChanges(released, after);
    expect(changes).toContainEqual(
      expect.objectContaining({ level: 'major', export: 'RefreshResult', removed: true, pointer: '/components/schemas/RefreshResult' }),
    );
    expect(changes).toContainEqual(expect.objectContaining({ level: 'minor', export: 'RefreshOutcome' }));
  });
});
