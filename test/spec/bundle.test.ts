import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import YAML from 'yaml';
import { repoRoot } from '../support/repo-copy.js';

const read = (name: string) => readFile(path.join(repoRoot, 'generated', name), 'utf8');

describe('the bundled spec', () => {
  test('YAML and JSON bundles hold the same document', async () => {
    const fromYaml = YAML.parse(await read('openapi.yaml'));
    const fromJson = JSON.parse(await read('openapi.json'));
    expect(fromJson).toEqual(fromYaml);
  });

  test('is OpenAPI 3.0.3 with the refresh operation', async () => {
    const doc = JSON.parse(await read('openapi.json'));
    expect(doc.openapi).toBe('3.0.3');
    const operation = doc.paths['/user/financial_data/refresh'].post;
    expect(operation.operationId).toBe('userFinancialDataRefresh');
    expect(Object.keys(operation.responses).sort()).toEqual(['200', '400', '429', '500', '503', 'default']);
  });

  test('is self-contained: every $ref points inside the document', async () => {
    const text = await read('openapi.json');
    const refs = [...text.matchAll(/"\$ref": "([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((ref) => !ref!.startsWith('#/'))).toEqual([]);
  });

  test('declares the four Plaid schemas and the error type enum', async () => {
    const doc = JSON.parse(await read('openapi.json'));
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'UserFinancialDataRefreshRequest',
        'UserFinancialDataRefreshResponse',
        'RefreshResult',
        'PlaidError',
        'PlaidErrorType',
      ]),
    );
    expect(doc.components.schemas.PlaidErrorType['x-extensible-enum']).toHaveLength(24);
  });

  test("has the packages' version, so a published package names the spec it carries", async () => {
    const doc = JSON.parse(await read('openapi.json'));
    for (const name of ['client', 'toolkit']) {
      const pkg = JSON.parse(await readFile(path.join(repoRoot, 'packages', name, 'package.json'), 'utf8'));
      expect(doc.info.version, name).toBe(pkg.version);
    }
    expect(doc.info['x-plaid-api-version']).toBe('2020-09-14_1.697.4');
  });
});
