/**
 * Tying the process's life to whoever started it, so that stopping the process a recipe holds
 * (npx, `npm start`, a test runner, `docker run -i`) never leaves an emulator listening.
 *
 * - The parent: when it goes away (the process is handed to init or a subreaper, so its parent id
 *   changes) the emulator stops. npm runs scripts and bins through `sh -c`, and a shell killed by
 *   npm's signal forwarding does not pass the signal on: when the parent is such a shell, its own
 *   parent (npm) is watched as well, so killing npx or `npm start` with SIGKILL stops it too.
 * - Standard input (opt-in): its end stops the emulator. `docker run -i` closes the container's
 *   standard input when the client goes away, however it ends.
 */
import { readFileSync } from 'node:fs';

/** How often the parent is looked at (the emulator stops within this plus its close time). */
export const PARENT_POLL_MS = 200;

/** The parent of a process on Linux (from /proc), or null where it cannot be read. */
function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ...": comm may contain spaces and parentheses, so read after the last ')'
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    return Number.isInteger(ppid) ? ppid : null;
  } catch {
    return null;
  }
}

/** Whether a process is a shell running one command line (`sh -c '...'`, as npm runs scripts and bins). */
function isShellWrapper(pid: number): boolean {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return /(^|\/)(sh|dash|bash|ash|zsh|busybox)$/.test(argv[0] ?? '') && argv.slice(1).includes('-c');
  } catch {
    return false;
  }
}

/**
 * Calls `onGone` once when the process's parent (or, when the parent is an `sh -c` wrapper, the
 * wrapper's parent) goes away. A process whose parent is init (pid 1: PID 1 of a container with
 * `--init`, a daemon) or that has none (pid 0: PID 1 itself) is not watched. Returns a stop function.
 */
export function watchParent(onGone: (reason: string) => void): () => void {
  const parent = process.ppid;
  if (parent <= 1) return () => undefined;
  const grandparent = isShellWrapper(parent) ? parentOf(parent) : null;
  const watchGrandparent = grandparent !== null && grandparent > 1;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      onGone(`the parent process (pid ${parent}) exited`);
    } else if (watchGrandparent && parentOf(parent) !== grandparent) {
      clearInterval(timer);
      onGone(`the process that started it (pid ${grandparent}) exited`);
    }
  }, PARENT_POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** Calls `onClosed` once when standard input ends (what is read is discarded). */
export function watchStdin(onClosed: (reason: string) => void): void {
  let done = false;
  const closed = () => {
    if (done) return;
    done = true;
    onClosed('standard input closed');
  };
  process.stdin.on('data', () => undefined);
  process.stdin.once('end', closed);
  process.stdin.once('close', closed);
  process.stdin.once('error', closed);
  process.stdin.resume();
}
