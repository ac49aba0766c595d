// Stops a long-running command (the mock) when a launcher that started it is gone. `npx` and
// `npm run` put an npm process and its `sh -c` between a CI script and this process; a `kill $!`
// there signals npm alone, which exits without passing the signal on, and the shell goes on
// waiting for us. So we watch npm, npx and the `sh -c` they run us in: nothing else. A user's own
// shell, or whoever ran npx, may exit: a server started in one CI step serves the next.
import { readFileSync } from 'node:fs';
import path from 'node:path';

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

const isNpm = (cmdline) => cmdline.some((arg) => /(^|\/)(npm|npx)(-cli\.js)?$/.test(arg) || /^npm (exec|run)/.test(arg));
const isShell = (cmdline) => /(^|\/)(sh|dash|bash)$/.test(cmdline[0] ?? '') && cmdline[1] === '-c';

/**
 * The launchers above us: npm or npx, or a `sh -c` whose parent is one, each up the chain.
 * @returns {number[]}
 */
export function watchedAncestors(pid = process.ppid) {
  const chain = [];
  for (let at = pid; at > 1 && chain.length < 8; ) {
    const found = describe(at);
    if (!found) break;
    const launcher = isNpm(found.cmdline) || (isShell(found.cmdline) && isNpm(describe(found.ppid)?.cmdline ?? []));
    if (!launcher) break;
    chain.push(at);
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

/**
 * Calls `onGone` once, as soon as a launcher that started this process is gone.
 * @param {(why: string) => void} onGone
 */
export function holdLifeline(onGone) {
  const chain = watchedAncestors();
  // Launched by npm for this very command (its script names us: `npm run mock`, `npx plaid-refresh`),
  // but already handed to init, or our shell was: npm died before we looked. An npm environment
  // merely inherited from an outer `npm run` names another script, and proves nothing.
  const script = process.env.npm_lifecycle_script ?? '';
  const ours = script !== '' && script.includes(path.basename(process.argv[1] ?? '').replace(/\.m?js$/, ''));
  const parent = describe(process.ppid);
  const npmGoneAtStart = ours && (process.ppid === 1 || (parent?.ppid === 1 && isShell(parent.cmdline)));
  const check = () => {
    const gone = npmGoneAtStart ? 'npm' : chain.find((pid) => !alive(pid));
    if (gone === undefined) return false;
    clearInterval(timer);
    onGone(`${typeof gone === 'number' ? `process ${gone}` : gone}, which launched it, exited`);
    return true;
  };
  const timer = setInterval(check, 200);
  timer.unref();
  check();
}
