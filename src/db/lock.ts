import fs from 'node:fs';
import os from 'node:os';

/**
 * One process at a time on an embedded (PGlite) data directory. PGlite keeps the database in
 * its own memory and writes its files as it pleases: a second process on the same directory
 * (the CLI while the server runs) would report success for writes the first one never sees and
 * later overwrites, or corrupt the files. The lock is a file beside the directory, created
 * exclusively ('wx'), holding the owner's pid, host and process start time; a lock whose owner
 * is gone (crash, kill -9, a container restart that reused the pid) is taken over.
 */

export class DatabaseLockedError extends Error {
  constructor(
    readonly lockPath: string,
    readonly holderPid: number,
  ) {
    super(
      `server sedang berjalan; hentikan dulu atau gunakan halaman admin (server is running; stop it or use the admin page) — ` +
        `database dipakai proses ${holderPid} (${lockPath})`,
    );
    this.name = 'DatabaseLockedError';
  }
}

interface Holder {
  pid: number;
  host: string;
  /** Start time of the process (clock ticks since boot, Linux), to tell a reused pid apart. */
  start: string | null;
}

/** Lock files this process holds, so a second open in the same process is refused too. */
const held = new Set<string>();

function startTimeOf(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22, counted after the ")" that ends the command name (which may hold spaces).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(h: Holder): boolean {
  // Another machine (a shared disk): its processes cannot be checked, so the lock stands.
  if (h.host !== os.hostname()) return true;
  if (h.pid === process.pid) return false; // not in `held`: left by an earlier process with our pid
  try {
    process.kill(h.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  // The pid exists; it is the owner only if it started when the owner did.
  const now = startTimeOf(h.pid);
  return h.start === null || now === null || now === h.start;
}

function readHolder(file: string): Holder | null {
  try {
    const h = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Holder>;
    if (typeof h.pid === 'number' && typeof h.host === 'string') return { pid: h.pid, host: h.host, start: h.start ?? null };
  } catch {
    // empty (being written) or damaged
  }
  return null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Take the lock of `dir` or throw DatabaseLockedError; returns its release. */
export async function lockDataDir(dir: string): Promise<() => void> {
  const lockPath = `${dir}.lock`;
  if (held.has(lockPath)) throw new DatabaseLockedError(lockPath, process.pid);
  const me: Holder = { pid: process.pid, host: os.hostname(), start: startTimeOf(process.pid) };
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx', 0o600);
      try {
        fs.writeSync(fd, JSON.stringify(me));
      } finally {
        fs.closeSync(fd);
      }
      held.add(lockPath);
      const release = () => {
        if (!held.delete(lockPath)) return;
        process.off('exit', release);
        const h = readHolder(lockPath);
        if (h && h.pid === me.pid && h.start === me.start) fs.rmSync(lockPath, { force: true });
      };
      process.on('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readHolder(lockPath);
    if (holder === null) {
      // Just created and not yet written, or left empty by a crash: wait, then treat as stale.
      if (attempt < 10) {
        await sleep(20);
        continue;
      }
    } else if (isAlive(holder)) {
      throw new DatabaseLockedError(lockPath, holder.pid);
    }
    // Stale: move it aside atomically, so two processes recovering at once cannot both win.
    const aside = `${lockPath}.${process.pid}.stale`;
    try {
      fs.renameSync(lockPath, aside);
    } catch {
      continue; // someone else moved it first
    }
    const moved = readHolder(aside);
    if (moved && (!holder || moved.pid !== holder.pid || moved.start !== holder.start)) {
      // It was replaced by a live owner between our read and the rename: put it back.
      try {
        fs.linkSync(aside, lockPath);
      } catch {
        // a third process holds it now; it stays theirs
      }
    }
    fs.rmSync(aside, { force: true });
  }
  throw new DatabaseLockedError(lockPath, readHolder(lockPath)?.pid ?? 0);
}
