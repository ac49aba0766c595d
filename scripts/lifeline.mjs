// Stops a long-running command (the mock) when whoever started it is gone. `npx` and `npm run`
// put an npm process and a shell between a CI script and this process; a `kill $!` there signals
// npm alone, which exits without passing SIGINT on, and the shell goes on waiting for us. So we
// watch every launcher up the chain (npm, npx, sh -c) and the process that ran the first of them.
import { readFileSync } from 'node:fs';

/** Linux's /proc gives a process's parent and command line; elsewhere only our parent is known. */
function describe(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return { ppid, cmdline };
  } catch {
    return undefined;
  }
}

const isLauncher = (cmdline) =>
  /(^|\/)(sh|dash|bash)$/.test(cmdline[0] ?? '') && cmdline[1] === '-c'
    ? true
    : cmdline.some((arg) => /(^|\/)(npm|npx)(-cli\.js)?$/.test(arg) || /^npm (exec|run)/.test(arg));

/**
 * Our parent and, while it is a launcher, its parent, and so on: each with the parent it had.
 * @returns {{ pid: number, ppid: number | undefined, launcher: boolean }[]}
 */
export function watchedAncestors(pid = process.ppid) {
  const chain = [];
  for (let at = pid; at > 1 && chain.length < 8; ) {
    const found = describe(at);
    const launcher = Boolean(found && isLauncher(found.cmdline));
    chain.push({ pid: at, ppid: found?.ppid, launcher });
    if (!launcher || !found) break;
    at = found.ppid;
  }
  return chain;
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
};

/** The first watched process that has exited, or whose launcher lost the process that ran it. */
function firstGone(chain) {
  for (const { pid, ppid, launcher } of chain) {
    if (!alive(pid)) return pid;
    // A launcher re-parented (to init) means whoever ran it is gone, even if it waits on.
    if (launcher && (ppid === 1 || describe(pid)?.ppid !== ppid)) return ppid;
  }
  return undefined;
}

/**
 * Calls `onGone` once, as soon as whoever started this process (through any launchers) is gone.
 * @param {(why: string) => void} onGone
 */
export function holdLifeline(onGone) {
  const chain = watchedAncestors();
  const parent = process.ppid;
  // Started by npm, but already handed to init: npm and its shell died before we looked. (Without
  // npm, a parent of 1 may be a container's init that started us on purpose.)
  const orphanedAtStart = parent === 1 && Boolean(process.env.npm_command);
  const check = () => {
    const gone = orphanedAtStart ? 'npm' : process.ppid !== parent ? parent : firstGone(chain);
    if (gone === undefined) return false;
    clearInterval(timer);
    onGone(`${typeof gone === 'number' ? `process ${gone}` : gone}, which started it, exited`);
    return true;
  };
  const timer = setInterval(check, 200);
  timer.unref();
  check();
}
