// Starts Prism once for the contract suite, on a free loopback port: a mock of the bundled spec,
// or with CONTRACT_UPSTREAM a validating proxy to a real server. Stopped when the run ends.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    prismUrl: string;
    prismLog: string;
    contractMode: 'mock' | 'proxy';
    directUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const upstream = process.env.CONTRACT_UPSTREAM || undefined;
  const logDir = await mkdtemp(path.join(tmpdir(), 'prism-'));
  const logFile = path.join(logDir, 'prism.log');
  const importStarted = performance.now();
  const { startPrism } = await import('../../scripts/prism.mjs');
  const importMs = Math.round(performance.now() - importStarted);
  const prism = await startPrism({ upstream, logFile });
  project.provide('prismUrl', prism.url);
  project.provide('prismLog', logFile);
  project.provide('contractMode', upstream ? 'proxy' : 'mock');
  project.provide('directUrl', prism.directUrl ?? '');
  console.log(
    `Prism ${upstream ? `proxy → ${upstream}` : 'mock'} on ${prism.url}: ready in ${importMs + prism.startupMs} ms ` +
      `(load ${importMs} ms, start ${prism.startupMs} ms); log: ${logFile}`,
  );
  return async () => {
    await prism.close();
    await rm(logDir, { recursive: true, force: true });
  };
}
