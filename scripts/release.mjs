// `npm run release -- major|minor|patch`: one command for a release. It bumps info.version, both
// packages (packages/client and packages/toolkit) and package-lock.json together,
// adds a CHANGELOG.md stub to fill in, regenerates generated/ and writes the bundle to
// spec/releases/<version>.yaml, the gate's new baseline.
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import YAML from 'yaml';
import { runIfMain, StepError, step, UsageError } from '../packages/toolkit/lib/step.mjs';
import { fromRepo } from './repo.mjs';

const LEVELS = ['major', 'minor', 'patch'];

export function nextVersion(version, level) {
  const [major, minor, patch] = version.split('.').map(Number);
  if (level === 'major') return `${major + 1}.0.0`;
  if (level === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

const CLIENT_DIR = 'packages/client';
const TOOLKIT_DIR = 'packages/toolkit';
const CLIENT_PACKAGE = `${CLIENT_DIR}/package.json`;

async function edit(file, change) {
  const target = fromRepo(file);
  await writeFile(target, change(await readFile(target, 'utf8')));
}

async function editJson(file, change) {
  await edit(file, (text) => {
    const json = JSON.parse(text);
    change(json);
    return `${JSON.stringify(json, null, 2)}\n`;
  });
}

export async function release(level) {
  if (!LEVELS.includes(level)) throw new StepError(`release: give one of ${LEVELS.join(', ')}, got ${JSON.stringify(level ?? '')}`);
  const current = YAML.parse(await readFile(fromRepo('spec', 'openapi.yaml'), 'utf8')).info.version;
  const version = nextVersion(current, level);
  await step(`version ${current} → ${version}`, async () => {
    // Text edits, not a YAML round trip: the spec's comments and layout stay as written.
    await edit('spec/openapi.yaml', (text) => text.replace(/^(\s+version:\s*)\S+\s*$/m, `$1${version}`));
    // The toolkit and the client are released together, at one version, and
    // the toolkit depends on exactly that client.
    const client = JSON.parse(await readFile(fromRepo(CLIENT_PACKAGE), 'utf8')).name;
    const pinClient = (dependencies) => {
      if (dependencies?.[client]) dependencies[client] = version;
    };
    for (const file of [CLIENT_PACKAGE, `${TOOLKIT_DIR}/package.json`]) {
      await editJson(file, (json) => {
        json.version = version;
        pinClient(json.dependencies);
      });
    }
    await editJson('package-lock.json', (lock) => {
      for (const where of [CLIENT_DIR, TOOLKIT_DIR]) lock.packages[where].version = version;
      pinClient(lock.packages[TOOLKIT_DIR].dependencies);
    });
    // Changes a maintainer levelled by hand are part of what the release says.
    const accepted = YAML.parse(await readFile(fromRepo('spec', 'accepted-changes.yaml'), 'utf8').catch(() => '')) ?? [];
    const reviewed = accepted.map((a) => `- Accepted as ${a.level}: ${a.class} at \`${a.at}\`: ${a.why}\n`).join('');
    await edit('CHANGELOG.md', (text) => {
      const stub = `## ${version}\n\n- TODO: what changed, and what a consumer must do.\n${reviewed}\n`;
      const first = text.search(/^## /m);
      return first === -1 ? `${text.trimEnd()}\n\n${stub}` : text.slice(0, first) + stub + text.slice(first);
    });
  });
  // Loaded here: a wrong level should not wait for the generators to load.
  const { generate } = await import('./generate.mjs');
  await generate();
  await step(`spec/releases/${version}.yaml`, () =>
    copyFile(fromRepo('generated', 'openapi.yaml'), fromRepo('spec', 'releases', `${version}.yaml`)),
  );
  console.log(`Released ${version}: fill in the CHANGELOG.md entry, then commit.`);
}

runIfMain(import.meta.url, async (argv) => {
  const usage = 'usage: npm run release -- major|minor|patch';
  let positionals;
  try {
    ({ positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true }));
  } catch (error) {
    throw new UsageError(`${error.message.split('\n')[0]} (${usage})`);
  }
  if (positionals.length !== 1 || !LEVELS.includes(positionals[0]))
    throw new UsageError(`release: give one of ${LEVELS.join(', ')} (${usage})`);
  await release(positionals[0]);
});
