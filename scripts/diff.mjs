// The breaking-change gate: the version every consumer pins is judged by what consumers meet.
// The verdict is the largest of: the spec's semantic diff (`redocly diff`), the project's own rules
// where a generic diff falls short (scripts/gate/spec-rules.mjs), and the public surface the spec
// gives the client package (scripts/gate/surface.mjs). Changes a maintainer reviewed are levelled
// in spec/accepted-changes.yaml. Exit 0: the version fits; 1: it does not (or CHANGELOG.md is not
// ready); 2: bad input (a flag, or a spec that does not bundle).
import { appendFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import YAML from 'yaml';
import { unescapePointerPart } from '../packages/toolkit/lib/spec-document.mjs';
import { runIfMain, UsageError } from '../packages/toolkit/lib/step.mjs';
import { formatReport } from './gate/report.mjs';
import { specRuleChanges } from './gate/spec-rules.mjs';
import { surfaceChanges } from './gate/surface.mjs';
import { fromRepo, repoRoot, runTool } from './repo.mjs';
import { locate } from './spec-locate.mjs';

const semver = /^(\d+)\.(\d+)\.(\d+)$/;
const parts = (v) => v.match(semver).slice(1).map(Number);
export const compareVersions = (a, b) => {
  const [x, y] = [parts(a), parts(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
};

/** The released versions, oldest first. */
export async function releases(dir = fromRepo('spec', 'releases')) {
  return (await readdir(dir))
    .map((f) => f.replace(/\.yaml$/, ''))
    .filter((v) => semver.test(v))
    .sort(compareVersions);
}

/** @returns {Promise<string>} */
export async function latestRelease(dir = fromRepo('spec', 'releases')) {
  const all = await releases(dir);
  if (all.length === 0) throw new UsageError(`no release in ${dir}: add one with \`npm run release\``);
  return /** @type {string} */ (all.at(-1));
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

/** What Redocly's diff reports, as the gate's changes. */
function redoclyChanges(report) {
  return report.changes.map((change) => {
    const [, urlPath, method, rest] = change.path.match(/^#\/paths\/([^/]+)\/([a-z]+)\/?(.*)$/) ?? [];
    const readable = urlPath
      ? `${method.toUpperCase()} ${unescapePointerPart(urlPath)} ${unescapePointerPart(rest)}`
      : unescapePointerPart(change.path.replace(/^#\//, ''));
    const why = (change.verdicts ?? []).map((v) => v.message).join(' ');
    return {
      level: change.impact,
      class: 'spec',
      pointer: change.path.replace(/^#/, ''),
      removed: !change.revision,
      baseLine: change.base?.line,
      bare: change.kind === 'modified' && !why,
      message: `${change.kind} ${readable}${why ? `: ${why}` : ''}`,
    };
  });
}

/** `spec/accepted-changes.yaml`: reviewed changes, each with the level a maintainer gives it and why. */
async function acceptedChanges() {
  const text = await readFile(fromRepo('spec', 'accepted-changes.yaml'), 'utf8').catch(() => '');
  let entries;
  try {
    entries = YAML.parse(text) ?? [];
  } catch (error) {
    throw new UsageError(`spec/accepted-changes.yaml is not YAML: ${String(error.message).split('\n')[0]}`);
  }
  if (!Array.isArray(entries)) throw new UsageError('spec/accepted-changes.yaml must be a list of { class, at, level, why }');
  for (const [i, entry] of entries.entries()) {
    if (!entry?.class || !entry.at || !['major', 'minor', 'patch'].includes(entry.level) || !entry.why)
      throw new UsageError(
        `spec/accepted-changes.yaml entry ${i + 1} needs class, at (a pointer or an export), level (major|minor|patch) and why, and may have match: words of its message`,
      );
  }
  return entries;
}

export const diffUsage = `usage: npm run diff -- [--format text|json|markdown]
  --format F   text (default; GitHub annotations too when GITHUB_ACTIONS=true), json, or markdown
exit 0: the version fits the changes; 1: it does not, or CHANGELOG.md is not ready; 2: bad input`;

/** @param {string[]} argv */
export function parseDiffArgs(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    throw new UsageError(`${error.message.split('\n')[0]} (${diffUsage.split('\n')[0]})`);
  }
  if (!['text', 'json', 'markdown'].includes(values.format))
    throw new UsageError(`--format must be text, json or markdown, got ${values.format}`);
  return { format: /** @type {'text' | 'json' | 'markdown'} */ (values.format), help: Boolean(values.help) };
}

/**
 * Judges spec/ against its baseline release. Resolves with the report; the caller prints it.
 * @returns {Promise<import('./gate/report.mjs').GateReport>}
 */
export async function judge() {
  const versions = await releases();
  if (versions.length === 0) throw new UsageError('no release in spec/releases: add one with `npm run release`');
  let current;
  try {
    current = YAML.parse(await readFile(fromRepo('spec', 'openapi.yaml'), 'utf8'))?.info?.version;
  } catch (error) {
    throw new UsageError(`spec/openapi.yaml cannot be read: ${String(error.message).split('\n')[0]}`);
  }
  if (typeof current !== 'string' || !semver.test(current)) {
    throw new UsageError(`spec/openapi.yaml's info.version must be a semver like 1.2.3, got ${JSON.stringify(current)}`);
  }
  const work = await mkdtemp(path.join(tmpdir(), 'diff-'));
  try {
    try {
      await runTool('redocly', ['bundle', 'spec/openapi.yaml', '--output', path.join(work, 'openapi.yaml'), '--ext', 'yaml']);
    } catch (error) {
      throw new UsageError(`spec/ does not bundle: ${String(error.message).split('\n')[0]}`);
    }
    const bundled = YAML.parse(await readFile(path.join(work, 'openapi.yaml'), 'utf8'));
    const latest = /** @type {string} */ (versions.at(-1));
    const latestDoc = YAML.parse(await readFile(fromRepo('spec', 'releases', `${latest}.yaml`), 'utf8'));
    // Right after a release, spec/ is that release: show what the release changed since the one before.
    const justReleased = current === latest && versions.length > 1 && JSON.stringify(bundled) === JSON.stringify(latestDoc);
    const baseline = justReleased ? /** @type {string} */ (versions.at(-2)) : latest;
    const baselineFile = fromRepo('spec', 'releases', `${baseline}.yaml`);
    const before = justReleased ? YAML.parse(await readFile(baselineFile, 'utf8')) : latestDoc;
    const reportFile = path.join(work, 'report.json');
    // Redocly's diff is another process: the public surface is compiled meanwhile.
    const [, surface] = await Promise.all([
      runTool('redocly', ['diff', baselineFile, path.join(work, 'openapi.yaml'), '--fail-on', 'none', '--format=json', '-o', reportFile]),
      surfaceChanges(before, bundled),
    ]);
    const rules = specRuleChanges(before, bundled);
    // Redocly says only "modified" where a rule of ours says what changed (a deprecation): keep ours.
    const redocly = redoclyChanges(JSON.parse(await readFile(reportFile, 'utf8'))).filter(
      (change) => !(change.bare && rules.some((rule) => rule.pointer.startsWith(change.pointer))),
    );
    const found = [...redocly, ...rules, ...surface];
    const accepted = await acceptedChanges();
    const used = new Set();
    /** @type {string[]} */
    const problems = [];
    const matches = (a, change) =>
      a.class === change.class && (a.at === change.pointer || a.at === change.export) && (!a.match || change.message.includes(a.match));
    // An entry levels one change: one that would match several must say which (match: words of its message).
    const ambiguous = new Set(accepted.filter((a) => found.filter((change) => matches(a, change)).length > 1));
    for (const entry of ambiguous)
      problems.push(
        `spec/accepted-changes.yaml: the entry for ${entry.class} at ${entry.at} matches several changes: add match: with words of the one you mean`,
      );
    const changes = [];
    for (const change of found) {
      const entry = accepted.find((a) => matches(a, change) && !ambiguous.has(a));
      if (entry) used.add(entry);
      const at = change.removed
        ? { ...(await locate(baselineFile, change.pointer ?? '')), release: baseline }
        : await locate(fromRepo('spec', 'openapi.yaml'), change.pointer ?? '');
      if (change.removed && change.baseLine) at.line = change.baseLine;
      const { bare: _bare, ...kept } = /** @type {typeof change & { bare?: boolean }} */ (change);
      changes.push({
        ...kept,
        ...(entry ? { level: entry.level, accepted: entry.why, foundLevel: change.level } : {}),
        location: { file: path.relative(repoRoot, at.file), line: at.line, ...(change.removed ? { removedFrom: baseline } : {}) },
      });
    }
    for (const entry of accepted.filter((a) => !used.has(a) && !ambiguous.has(a)))
      problems.push(
        `spec/accepted-changes.yaml: no change matches ${entry.class} at ${entry.at}: remove the entry (it is in the CHANGELOG of the release that had it)`,
      );
    const summary = { major: 0, minor: 0, patch: 0 };
    for (const change of changes) summary[/** @type {'major' | 'minor' | 'patch'} */ (change.level)]++;
    const versionIssue = versionProblem(summary, baseline, current);
    if (versionIssue) problems.push(versionIssue);
    const changelog = await readFile(fromRepo('CHANGELOG.md'), 'utf8').catch(() => '');
    const section = new RegExp(`^## \\[?${current.replaceAll('.', '\\.')}\\]?(\\s[^\\n]*)?\\n([\\s\\S]*?)(?=^## |(?![\\s\\S]))`, 'm').exec(
      changelog,
    );
    if (!section) problems.push(`CHANGELOG.md has no "## ${current}" entry: describe what changed in spec version ${current}.`);
    else if (/\bTODO\b/.test(section[2] ?? ''))
      problems.push(
        `CHANGELOG.md's "## ${current}" entry still holds the release template's TODO: say what changed and what a consumer must do.`,
      );
    return { baseline, version: current, justReleased, changes, summary, problems, fits: problems.length === 0 };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, async (argv) => {
  const options = parseDiffArgs(argv);
  if (options.help) return console.log(diffUsage);
  // Whatever spec/ holds, the gate answers in one line: a spec it cannot judge is bad input.
  const report = await judge().catch((error) => {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`the gate cannot judge spec/: ${String(error?.message ?? error).split('\n')[0]}`);
  });
  console.log(formatReport(report, options.format));
  if (options.format === 'text' && process.env.GITHUB_ACTIONS === 'true') console.log(formatReport(report, 'github'));
  if (process.env.GITHUB_STEP_SUMMARY) await appendFile(process.env.GITHUB_STEP_SUMMARY, `${formatReport(report, 'markdown')}\n`);
  process.exitCode = report.fits ? 0 : 1;
});
