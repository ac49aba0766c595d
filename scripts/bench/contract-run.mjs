// One full provider-verification run (`npm run contract -- --upstream URL`), spawn to exit,
// against the bundled reference server on loopback.
import { runContract } from '../../packages/toolkit/lib/contract.mjs';
import { median } from './stats.mjs';

/** @param {{ rounds?: number, depth?: 'quick' | 'full' }} [options] */
export async function benchContractRun({ rounds = 3, depth = 'quick' } = {}) {
  const { startReferenceServer } = await import('../../test/fixtures/reference-server.mjs');
  const server = await startReferenceServer();
  try {
    const times = [];
    for (let r = 0; r < rounds; r++) {
      const started = performance.now();
      const child = runContract({ upstream: server.url, stdio: 'ignore', depth });
      const code = await new Promise((resolve) => child.on('exit', resolve));
      if (code !== 0) throw new Error(`the contract run failed against the reference server (exit ${code})`);
      times.push(performance.now() - started);
    }
    return { rounds, medianMs: Math.round(median(times)), minMs: Math.round(Math.min(...times)), maxMs: Math.round(Math.max(...times)) };
  } finally {
    await server.close();
  }
}
