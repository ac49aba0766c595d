// The breaking-change gate: compares spec/ with the last released spec (spec/releases/<semver>.yaml)
// using `redocly diff`. Any change fails unless info.version was bumped to match its impact
// (--check-version), and every version needs an entry in CHANGELOG.md.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { bundle } from './bundle.mjs';
import { fromRoot, runIfMain, runTool, step, StepError } from './step.mjs';

const semver = /^(\d+)\.(\d+)\.(\d+)$/;
const compare = (a, b) => {
  const [x, y] = [a.match(semver).slice(1).map(Number), b.match(semver).slice(1).map(Number)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
};

export async function latestRelease(dir = fromRoot('spec', 'releases')) {
  const versions = (await readdir(dir)).map((f) => f.replace(/\.yaml$/, '')).filter((v) => semver.test(v));
  if (versions.length === 0) throw new StepError(`no release in ${dir}: add <semver>.yaml, a copy of generated/openapi.yaml`);
  return versions.sort(compare).at(-1);
}

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
  try {
    await bundle(work);
    const format = process.env.CI === 'true' ? 'github-actions' : 'stylish';
    const args = ['diff', `spec/releases/${released}.yaml`, path.join(work, 'openapi.yaml'), '--check-version', '--fail-on', 'none', `--format=${format}`];
    const report = await step(`diff ${released} → spec/ (${current})`, () => runTool('redocly', args));
    console.log(report.split('\n').filter((line) => /\d+ major, |✖|·/.test(line)).join('\n'));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, diff);
