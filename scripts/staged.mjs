// Writes new contents for some directories beside them, and swaps them in only once every step
// has succeeded: a failed step leaves each directory byte-for-byte as it was.
import { chmod, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Replaces `target` with `stage` (same filesystem, so each rename is atomic). */
async function swap(stage, target) {
  // mkdtemp makes its directory 0700; a published folder (docs on a web server, generated/ read
  // by another user in a container) must be readable: 0755, as a plain mkdir makes it.
  await chmod(stage, 0o755);
  const old = `${stage}.old`;
  await rename(target, old).catch((error) => {
    if (error.code !== 'ENOENT') throw error;
  });
  await rename(stage, target);
  await rm(old, { recursive: true, force: true });
}

/**
 * Like Promise.all, but waits for every step to end before failing: a step still writing into a
 * stage would race its removal.
 * @param {Array<Promise<unknown> | undefined>} steps
 */
export async function allSteps(steps) {
  const settled = await Promise.allSettled(steps);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * Runs `produce` with one empty stage directory per target, then swaps every stage in.
 * @template T
 * @param {string[]} targets
 * @param {(...stages: string[]) => Promise<T>} produce
 * @returns {Promise<T>}
 */
export async function staged(targets, produce) {
  const stages = [];
  try {
    for (const target of targets) {
      await mkdir(path.dirname(target), { recursive: true });
      // Beside the target, not in the OS temp dir: a rename cannot cross filesystems.
      stages.push(await mkdtemp(path.join(path.dirname(target), `.${path.basename(target)}-staged-`)));
    }
    const result = await produce(...stages);
    for (const [i, target] of targets.entries()) await swap(stages[i], target);
    return result;
  } finally {
    await Promise.all(stages.map((stage) => rm(stage, { recursive: true, force: true })));
  }
}
