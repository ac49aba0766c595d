// Starts Prism once for the contract suite, on a free loopback port: a mock of the bundled spec,
// or with CONTRACT_UPSTREAM a validating proxy to a real server. Stopped when the run ends.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
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

/** Prism started by `npm run contract` in its own process while this one booted: where it is. */
async function handedOff(file: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined) {
      const found = JSON.parse(text) as { url?: string; directUrl?: string; log?: string; readyMs?: number; error?: string };
      if (found.error || !found.url || !found.log) throw new Error(`Prism did not start: ${found.error ?? 'no URL'}`);
      return { url: found.url, directUrl: found.directUrl ?? '', log: found.log, readyMs: found.readyMs ?? 0 };
    }
    if (Date.now() > deadline) throw new Error('Prism did not start within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export default async function setup(project: TestProject) {
  const upstream = process.env.CONTRACT_UPSTREAM || undefined;
  const handoff = process.env.CONTRACT_PRISM_HANDOFF;
  if (handoff) {
    const prism = await handedOff(handoff);
    project.provide('prismUrl', prism.url);
    project.provide('prismLog', prism.log);
    project.provide('contractMode', upstream ? 'proxy' : 'mock');
    project.provide('directUrl', prism.directUrl);
    console.log(`Prism ${upstream ? `proxy → ${upstream}` : 'mock'} on ${prism.url}: ready in ${prism.readyMs} ms; log: ${prism.log}`);
    return;
  }
  const logDir = await mkdtemp(path.join(tmpdir(), 'prism-'));
  const logFile = path.join(logDir, 'prism.log');
  const importStarted = performance.now();
  const { startPrism } = await import('../lib/prism.mjs');
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
