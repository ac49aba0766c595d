// Pipeline: `npm run build` (one process, lint beside the rest) against the sum of the bare tool
// CLIs doing the same steps one after another, each timed from spawn to exit.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toolEnv } from '../../packages/toolkit/lib/step.mjs';
import { fromRepo } from '../repo.mjs';
import { median, round } from './stats.mjs';

function timed(command, args, cwd = fromRepo()) {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, env: toolEnv, stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
  return performance.now() - started;
}

const bin = (name) => fromRepo('node_modules', '.bin', name);

function bareSteps(out) {
  return {
    'redocly lint': [bin('redocly'), ['lint', 'spec/openapi.yaml']],
    'redocly bundle (yaml)': [bin('redocly'), ['bundle', 'spec/openapi.yaml', '-o', path.join(out, 'openapi.yaml')]],
    'redocly bundle (json)': [bin('redocly'), ['bundle', 'spec/openapi.yaml', '-o', path.join(out, 'openapi.json')]],
    // Run from the output dir: its CLI would read our redocly.yaml, whose diff rules its older
    // bundled Redocly core does not know.
    'openapi-typescript': [
      bin('openapi-typescript'),
      [
        path.join(out, 'openapi.yaml'),
        '--default-non-nullable',
        'false',
        '--immutable',
        '--alphabetize',
        '--root-types',
        '--root-types-no-schema-prefix',
        '-o',
        path.join(out, 'schema.d.ts'),
      ],
      out,
    ],
    'tsc (compile)': [bin('tsc'), ['-p', 'tsconfig.build.json', '--outDir', path.join(out, 'lib')]],
    'redocly build-docs': [
      bin('redocly'),
      ['build-docs', path.join(out, 'openapi.yaml'), '--inlineBundle', '-o', path.join(out, 'docs.html')],
    ],
  };
}

export function benchPipeline({ rounds = 3 } = {}) {
  const out = mkdtempSync(path.join(tmpdir(), 'bench-pipeline-'));
  try {
    const steps = bareSteps(out);
    const stepTimes = /** @type {Record<string, number[]>} */ (Object.fromEntries(Object.keys(steps).map((name) => [name, []])));
    const buildTimes = [];
    for (let r = 0; r < rounds; r++) {
      // Alternate which side goes first, so neither always meets a cold disk cache.
      const runBare = () => {
        for (const [name, [cmd, args, cwd]] of Object.entries(steps)) stepTimes[name].push(timed(cmd, args, cwd));
      };
      const runBuild = () => buildTimes.push(timed(process.execPath, [fromRepo('scripts', 'build.mjs')]));
      for (const run of r % 2 === 0 ? [runBare, runBuild] : [runBuild, runBare]) run();
    }
    const bare = Object.fromEntries(Object.entries(stepTimes).map(([name, t]) => [name, Math.round(median(t))]));
    const bareSum = Object.values(bare).reduce((a, b) => a + b, 0);
    const build = Math.round(median(buildTimes));
    return { rounds, bareMs: bare, bareSumMs: bareSum, buildMs: build, ratio: round(build / bareSum) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
