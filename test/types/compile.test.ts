import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, test } from 'vitest';
import table from '../../generated/operations.json' with { type: 'json' };
import { codeSamples } from '../../packages/toolkit/lib/code-samples.mjs';
import { loadOperations } from '../../packages/toolkit/lib/operations.mjs';
import { clientPackage } from '../../packages/toolkit/lib/package-names.mjs';
import { repoRoot } from '../support/repo-copy.js';

const fixture = path.join(repoRoot, 'test/types/typed-call.ts');
const mswReplies = path.join(repoRoot, 'test/types/msw-replies.ts');
const docsSample = (operationId: string) => path.join(repoRoot, `test/types/docs-sample-${operationId}.ts`);

/** The fixtures without their @ts-expect-error marks, and each docs sample as a file of its own. */
async function sources() {
  const unmarked = async (file: string) => {
    const source = await readFile(file, 'utf8');
    return { source: source.replaceAll('// @ts-expect-error', '//'), expected: source.match(/\/\/ @ts-expect-error/g)!.length };
  };
  const { operations } = await loadOperations();
  const samples = Object.keys(table).map((operationId) => {
    const row = operations.find((op) => op.operationId === operationId)!;
    const sample = codeSamples(row).find((s) => s.label.startsWith('TypeScript'))!;
    return { operationId, original: sample.source, source: sample.source.replace(`'${clientPackage}'`, "'../../src/index.js'") };
  });
  return { typedCall: await unmarked(fixture), replies: await unmarked(mswReplies), samples };
}

/** One program for every file (each program costs the compiler's whole start), its diagnostics by file. */
function diagnostics(files: Map<string, string>) {
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
  const { readFile: read, fileExists } = host;
  host.readFile = (file) => files.get(path.resolve(file)) ?? read(file);
  host.fileExists = (file) => files.has(path.resolve(file)) || fileExists(file);
  const program = ts.createProgram([...files.keys()], config.options, host);
  const byFile = new Map<string, string[]>([...files.keys()].map((file) => [file, []]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file ? path.resolve(d.file.fileName) : '';
    (byFile.get(file) ?? byFile.set(file, []).get(file)!).push(ts.flattenDiagnosticMessageText(d.messageText, ' '));
  }
  return byFile;
}

let given: Awaited<ReturnType<typeof sources>>;
let found: Map<string, string[]>;
beforeAll(async () => {
  given = await sources();
  found = diagnostics(
    new Map([
      [fixture, given.typedCall.source],
      [mswReplies, given.replies.source],
      ...given.samples.map(({ operationId, source }) => [docsSample(operationId), source] as [string, string]),
    ]),
  );
}, 60_000);

describe('the generated types', () => {
  // That the fixture compiles as it stands, each wrong call marked @ts-expect-error (an unused one is
  // an error), is `npm run typecheck`, in CI. Here: without those marks, each wrong call fails.
  test('without the @ts-expect-error lines, each wrong call fails to compile', () => {
    const errors = found.get(fixture)!;
    expect(errors).toHaveLength(given.typedCall.expected);
    expect(errors.join('\n')).toMatch(/access_token/);
  });

  // (That it compiles as it stands is `npm run typecheck`, as for the fixture above.)
  test("the toolkit's MSW replies: without the @ts-expect-error lines, each wrong reply fails to compile", () => {
    expect(found.get(mswReplies)).toHaveLength(given.replies.expected);
  });

  test('nothing else in the program has an error (each count above is about its own file)', () => {
    const elsewhere = [...found].filter(([file, errors]) => file !== fixture && file !== mswReplies && errors.length > 0);
    expect(elsewhere).toEqual([]);
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
  test.each(Object.keys(table))('for %s compiles against the client, as a reader would paste it', (operationId) => {
    const sample = given.samples.find((s) => s.operationId === operationId)!;
    expect(sample.source).not.toBe(sample.original);
    expect(found.get(docsSample(operationId))).toEqual([]);
  });
});
