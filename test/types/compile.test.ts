import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import table from '../../generated/operations.json' with { type: 'json' };
import { codeSamples } from '../../packages/toolkit/lib/code-samples.mjs';
import { loadOperations } from '../../packages/toolkit/lib/operations.mjs';
import { clientPackage } from '../../packages/toolkit/lib/package-names.mjs';
import { repoRoot } from '../support/repo-copy.js';

const fixture = path.join(repoRoot, 'test/types/typed-call.ts');

function diagnostics(rootFile: string, sourceText?: string) {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(repoRoot, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  )!;
  const host = ts.createCompilerHost(config.options);
  if (sourceText !== undefined) {
    const readFile = host.readFile;
    host.readFile = (file) => (path.resolve(file) === rootFile ? sourceText : readFile(file));
  }
  const program = ts.createProgram([rootFile], config.options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
}

describe('the generated types', () => {
  // That the fixture compiles as it stands, each wrong call marked @ts-expect-error (an unused one is
  // an error), is `npm run typecheck`, in CI. Here: without those marks, each wrong call fails.
  test('without the @ts-expect-error lines, each wrong call fails to compile', async () => {
    const source = await readFile(fixture, 'utf8');
    const expected = source.match(/\/\/ @ts-expect-error/g)!.length;
    const errors = diagnostics(fixture, source.replaceAll('// @ts-expect-error', '//'));
    expect(errors).toHaveLength(expected);
    expect(errors.join('\n')).toMatch(/access_token/);
  });

  // (That it compiles as it stands is `npm run typecheck`, as for the fixture above.)
  test("the toolkit's MSW replies: without the @ts-expect-error lines, each wrong reply fails to compile", async () => {
    const file = path.join(repoRoot, 'test/types/msw-replies.ts');
    const source = await readFile(file, 'utf8');
    const expected = source.match(/\/\/ @ts-expect-error/g)!.length;
    expect(diagnostics(file, source.replaceAll('// @ts-expect-error', '//'))).toHaveLength(expected);
  });
});

describe('the README', () => {
  test('shows examples/refresh.ts, the example the compiler checks, word for word', async () => {
    const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8');
    const example = (await readFile(path.join(repoRoot, 'examples/refresh.ts'), 'utf8'))
      .split('\n')
      .filter((line) => !line.startsWith('// The README'))
      .join('\n')
      .trim();
    expect(readme).toContain(example);
  });
});

describe("the docs' TypeScript sample", () => {
  test.each(Object.keys(table))('for %s compiles against the client, as a reader would paste it', async (operationId) => {
    const { operations } = await loadOperations();
    const row = operations.find((op) => op.operationId === operationId)!;
    const sample = codeSamples(row).find((s) => s.label.startsWith('TypeScript'))!;
    const source = sample.source.replace(`'${clientPackage}'`, "'../../src/index.js'");
    expect(source).not.toBe(sample.source);
    expect(diagnostics(fixture, source)).toEqual([]);
  });
});
