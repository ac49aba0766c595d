// The breaking-change gate: compares spec/ with the last released spec (spec/releases/<semver>.yaml)
// using `redocly diff`. Every change is listed, with its place in the spec/ file a maintainer
// edits. Any change fails unless info.version was bumped to match its impact, and every version
// needs an entry in CHANGELOG.md.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { bundle } from './bundle.mjs';
import { locate } from './spec-locate.mjs';
import { fromRoot, root, runIfMain, runTool, StepError, step } from './step.mjs';

const semver = /^(\d+)\.(\d+)\.(\d+)$/;
const parts = (v) => v.match(semver).slice(1).map(Number);
export const compareVersions = (a, b) => {
  const [x, y] = [parts(a), parts(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
};

/** @returns {Promise<string>} */
export async function latestRelease(dir = fromRoot('spec', 'releases')) {
  const versions = (await readdir(dir)).map((f) => f.replace(/\.yaml$/, '')).filter((v) => semver.test(v));
  if (versions.length === 0) throw new StepError(`no release in ${dir}: add one with \`npm run release\``);
  return /** @type {string} */ (versions.sort(compareVersions).at(-1));
}

/** The bump a version change made: major, minor, patch or none. */
function bumpOf(from, to) {
  const [a, b] = [parts(from), parts(to)];
  if (b[0] > a[0]) return 'major';
  if (b[0] === a[0] && b[1] > a[1]) return 'minor';
  if (b[0] === a[0] && b[1] === a[1] && b[2] > a[2]) return 'patch';
  return 'none';
}
const rank = { none: 0, patch: 1, minor: 2, major: 3 };

export async function diff() {
  const released = await latestRelease();
  const current = YAML.parse(await readFile(fromRoot('spec', 'openapi.yaml'), 'utf8')).info.version;
  await step(`CHANGELOG.md has ${current}`, async () => {
    const changelog = await readFile(fromRoot('CHANGELOG.md'), 'utf8').catch(() => '');
    if (!new RegExp(`^## \\[?${current.replaceAll('.', '\\.')}\\]?(\\s|$)`, 'm').test(changelog)) {
      throw new StepError(`CHANGELOG.md has no "## ${current}" entry: describe what changed in spec version ${current}.`);
    }
  });
  // Releases are bundles, so spec/ is bundled too: both files then have the same shape.
  const work = await mkdtemp(path.join(tmpdir(), 'diff-'));
  let report;
  try {
    await bundle(work);
    const reportFile = path.join(work, 'report.json');
    const args = [
      'diff',
      `spec/releases/${released}.yaml`,
      path.join(work, 'openapi.yaml'),
      '--fail-on',
      'none',
      '--format=json',
      '-o',
      reportFile,
    ];
    await step(`diff ${released} → spec/ (${current})`, () => runTool('redocly', args));
    report = JSON.parse(await readFile(reportFile, 'utf8'));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const annotate = process.env.CI === 'true';
  for (const change of report.changes) {
    // The revision's own pointer (through components) locates it best; the report's path is the route to it.
    const where = change.revision
      ? await locate(fromRoot('spec', 'openapi.yaml'), change.path)
      : { file: fromRoot('spec', 'releases', `${released}.yaml`), line: change.base?.line ?? 1 };
    const file = path.relative(root, where.file);
    const [, urlPath, method, rest] = change.path.match(/^#\/paths\/([^/]+)\/([a-z]+)\/?(.*)$/) ?? [];
    const unescapePart = (s) => s.replaceAll('~1', '/').replaceAll('~0', '~');
    const readable = urlPath
      ? `${method.toUpperCase()} ${unescapePart(urlPath)} ${unescapePart(rest)}`
      : unescapePart(change.path.replace(/^#\//, ''));
    const why = (change.verdicts ?? []).map((v) => v.message).join(' ');
    const what = `${change.impact} ${change.kind} ${readable}${why ? `: ${why}` : ''}`;
    console.log(
      annotate
        ? `::${change.impact === 'major' ? 'error' : 'notice'} file=${file},line=${where.line}::${what}`
        : `  ${what}\n      at ${file}:${where.line}`,
    );
  }
  const { major, minor, patch } = report.summary;
  console.log(`${major} major, ${minor} minor, ${patch} patch.`);
  const problem = versionProblem(report.summary, released, current);
  if (problem) throw new StepError(problem);
}

/**
 * Why the version does not fit the changes, or undefined when it does.
 * @param {{ major: number, minor: number, patch: number }} summary
 * @param {string} released
 * @param {string} current
 */
export function versionProblem({ major, minor, patch }, released, current) {
  const needed = major ? 'major' : minor ? 'minor' : patch ? 'patch' : 'none';
  if (rank[bumpOf(released, current)] >= rank[needed]) return undefined;
  return `info.version is ${current}, but these changes since ${released} need a ${needed} bump: run \`npm run release -- ${needed}\`.`;
}

runIfMain(import.meta.url, diff);
