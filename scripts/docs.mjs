// Builds dist/docs/index.html: one self-contained page from the bundled spec, with Redoc's script
// inlined (redocly build-docs --inlineBundle) so the page makes no network request when opened.
// The spec is reshaped for the page first (docs/input.mjs), and the page finished after (docs/page.mjs).
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import YAML from 'yaml';
import { codeSampleLanguages } from '../packages/toolkit/lib/code-samples.mjs';
import { operationsTable } from '../packages/toolkit/lib/generate-operations.mjs';
import { loadOperations, sampleBody } from '../packages/toolkit/lib/operations.mjs';
import { runIfMain, StepError, step } from '../packages/toolkit/lib/step.mjs';
import { clientDistDir } from './compile.mjs';
import { docsInput, slug } from './docs/input.mjs';
import { finishPage } from './docs/page.mjs';
import { fromRepo, runTool } from './repo.mjs';
import { allSteps, staged } from './staged.mjs';

export { slug } from './docs/input.mjs';

export const docsFile = fromRepo('dist', 'docs', 'index.html');

const pageOptions = {
  // A "Schemas" section, so each schema can be read by its Plaid name.
  schemaDefinitionsTagName: 'Schemas',
  // The samples panel offers these, in this order, matched by each x-codeSamples entry's `lang`.
  codeSamples: { languages: codeSampleLanguages },
};

/** The releases in spec/releases/, newest first. */
async function releaseVersions() {
  const names = await readdir(fromRepo('spec', 'releases')).catch(() => []);
  const versions = names.filter((n) => /^\d+\.\d+\.\d+\.yaml$/.test(n)).map((n) => n.replace(/\.yaml$/, ''));
  const key = (v) => v.split('.').map(Number);
  return versions.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return (y[0] ?? 0) - (x[0] ?? 0) || (y[1] ?? 0) - (x[1] ?? 0) || (y[2] ?? 0) - (x[2] ?? 0);
  });
}

/**
 * The version list each page carries: the current spec and every release, the page's own in bold.
 * @param {string} current the current spec's version
 * @param {string[]} released
 * @param {string | undefined} here the release this page documents; undefined for the current page
 */
export function versionList(current, released, here) {
  const up = here === undefined ? '' : '../';
  const link = (label, href, mine) => (mine ? `**${label}**` : `[${label}](${href})`);
  const items = [
    link(`current (${current})`, `${up}index.html`, here === undefined),
    ...released.map((v) => link(v, `${up}${v}/index.html`, v === here)),
  ];
  return `**Versions:** ${items.join(' · ')} · [changelog](#/changelog)`;
}

/** CHANGELOG.md as a section: its entries one heading level down, under the section's own title. */
async function changelogMarkdown() {
  const text = await readFile(fromRepo('CHANGELOG.md'), 'utf8').catch(() => '');
  return text
    .replace(/^# .*\n/, '')
    .replace(/^## /gm, '### ')
    .trim();
}

/** One page: the spec's docs copy, rendered by Redoc into `page`. */
async function buildPage({ spec, operations, catalogue, page, versions, changelog }) {
  const input = await docsInput(spec, operations, catalogue, { versions, changelog });
  const [first] = operations;
  // Redoc files an untagged operation under "other".
  const route = first && `${slug(spec.paths[first.path][first.method].tags?.[0] ?? 'other')}/${slug(first.operationId)}`;
  const work = await mkdtemp(path.join(tmpdir(), 'docs-'));
  try {
    await mkdir(path.dirname(page), { recursive: true });
    const inputFile = path.join(work, 'openapi.json');
    await writeFile(inputFile, JSON.stringify(input));
    // Redoc's options for the page, in a config of its own: the lint config says nothing of pages.
    await writeFile(path.join(work, 'redocly.yaml'), YAML.stringify({ openapi: pageOptions }));
    await runTool(
      'redocly',
      // Redoc's script goes into the page instead of being loaded from Redocly's CDN.
      ['build-docs', inputFile, '--output', page, '--title', input.info.title, '--inlineBundle'],
      { cwd: work },
    );
    await writeFile(page, finishPage(await readFile(page, 'utf8'), route));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Writes index.html for the current spec into `outDir`, and `<version>/index.html` for each
 * release in spec/releases/; the error catalogue comes from the compiled client in `libDir`.
 * @param {{ outDir?: string, libDir?: string }} [where]
 */
export async function docsInto({ outDir = fromRepo('dist', 'docs'), libDir = clientDistDir } = {}) {
  await step('docs → dist/docs/index.html', async () => {
    const catalogueModule = path.join(libDir, 'src', 'error-catalogue.js');
    const catalogue = await import(pathToFileURL(catalogueModule).href).catch(() => {
      throw new StepError(`${catalogueModule} is missing: run \`npm run compile\` first (build does).`);
    });
    const spec = JSON.parse(await readFile(fromRepo('generated', 'openapi.json'), 'utf8'));
    const [released, changelog] = await Promise.all([releaseVersions(), changelogMarkdown()]);
    const current = String(spec.info.version);
    const pages = [
      buildPage({
        spec,
        operations: (await loadOperations(fromRepo('generated'))).operations,
        catalogue,
        page: path.join(outDir, 'index.html'),
        versions: versionList(current, released, undefined),
        changelog,
      }),
    ];
    for (const version of released) {
      const document = YAML.parse(await readFile(fromRepo('spec', 'releases', `${version}.yaml`), 'utf8'));
      const operations = Object.entries(operationsTable(document)).map(([operationId, row]) => ({
        operationId,
        ...row,
        sample: sampleBody(document, row),
      }));
      pages.push(
        buildPage({
          spec: document,
          operations,
          catalogue,
          page: path.join(outDir, version, 'index.html'),
          versions: versionList(current, released, version),
          changelog,
        }),
      );
    }
    await allSteps(pages);
  });
}

/** dist/docs is replaced only when the page was built. */
export const docs = () => staged([path.dirname(docsFile)], (outDir) => docsInto({ outDir }));

runIfMain(import.meta.url, docs);
