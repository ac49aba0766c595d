import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { repoRoot } from '../support/repo-copy.js';

const fixture = path.join(repoRoot, 'test/types/typed-call.ts');

let previous: ts.Program | undefined;

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
  // The second program reuses the first one's unchanged files (lib.d.ts, src/, generated/).
  previous = ts.createProgram([rootFile], config.options, host, previous);
  return ts.getPreEmitDiagnostics(previous).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
}

describe('the generated types', () => {
  // The whole tree (src/, test/, examples/, scripts/) is type-checked by `npm run typecheck`, in CI.
  test('compile the typed-call fixture, where every wrong call is an error', () => {
    // An unused @ts-expect-error is itself an error, so this fails if a wrong call starts compiling.
    expect(diagnostics(fixture)).toEqual([]);
  });

  test('without the @ts-expect-error lines, each wrong call fails to compile', async () => {
    const source = await readFile(fixture, 'utf8');
    const expected = source.match(/\/\/ @ts-expect-error/g)!.length;
    const errors = diagnostics(fixture, source.replaceAll('// @ts-expect-error', '//'));
    expect(errors).toHaveLength(expected);
    expect(errors.join('\n')).toMatch(/access_token/);
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
