// `npm test`'s wall time, spawn to exit, and where it goes: each file's duration from vitest's
// JSON report. Run after the build, as `npm test` is.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { npmScriptArgs, vitestBin } from '../../packages/toolkit/lib/vitest-run.mjs';
import { fromRepo } from '../repo.mjs';
import { median } from './stats.mjs';

export function benchTestTimes({ rounds = 3 } = {}) {
  const work = mkdtempSync(path.join(tmpdir(), 'bench-tests-'));
  try {
    const walls = [];
    /** @type {Record<string, number[]>} */
    const perFile = {};
    let failures = 0;
    for (let r = 0; r < rounds; r++) {
      const report = path.join(work, `report-${r}.json`);
      const args = [vitestBin(), ...npmScriptArgs(fromRepo()), '--reporter=json', `--outputFile=${report}`];
      const started = performance.now();
      const run = spawnSync(process.execPath, args, { cwd: fromRepo(), stdio: 'ignore', env: { ...process.env, TMPDIR: work } });
      walls.push(performance.now() - started);
      if (run.status !== 0) failures++;
      for (const file of JSON.parse(readFileSync(report, 'utf8')).testResults) {
        (perFile[path.relative(fromRepo(), file.name)] ??= []).push(file.endTime - file.startTime);
      }
    }
    const files = Object.fromEntries(
      Object.entries(perFile)
        .map(([file, ms]) => [file, Math.round(median(ms))])
        .sort((a, b) => Number(b[1]) - Number(a[1])),
    );
    return {
      rounds,
      failures,
      wallMs: { median: Math.round(median(walls)), min: Math.round(Math.min(...walls)), max: Math.round(Math.max(...walls)) },
      files,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
