import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseLockedError, lockDataDir } from '../../src/db/lock.js';
import { POSTGRES_STAGE, runCli, startCli, stopCli, tempDataDir } from '../helpers/cli.js';

/**
 * One process per embedded data directory: the CLI refuses to write to a database that a
 * running server holds (it would print success while the server kept, and later wrote over,
 * its own copy), and takes over a lock whose owner is gone.
 */

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
const dataDir = () => {
  const d = tempDataDir();
  dirs.push(d);
  return d;
};

const LOCKED = 'server sedang berjalan; hentikan dulu atau gunakan halaman admin (server is running; stop it or use the admin page)';

describe.skipIf(POSTGRES_STAGE)('embedded data directory lock', () => {
  it('refuses `user passwd` and `user add` while the server runs, and works once it is gone', async () => {
    const dir = dataDir();
    const env = { SASMITA_DATA_DIR: dir, DATABASE_URL: '', PORT: '0' };
    const server = await startCli(['serve'], env, /Sasmita berjalan di/);
    let killed = false;
    try {
      const pw = await runCli(['user', 'passwd', 'admin', '--password', 'sandi-baru-2026'], env);
      expect(pw.code).toBe(1);
      const lines = pw.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`sasmita: ${LOCKED}`);
      expect(pw.stdout).toBe('');
      const add = await runCli(['user', 'add', 'op.baru', '--role', 'pimpinan', '--region', '35.13'], env);
      expect(add.code).toBe(1);
      expect(add.stderr).toContain(LOCKED);
      // Commands that open no database still run.
      expect((await runCli(['--help'], env)).code).toBe(0);
      // A crash leaves the lock file behind; its dead owner no longer blocks anyone.
      server.child.kill('SIGKILL');
      killed = true;
      await stopCli(server.child);
      expect(fs.existsSync(path.join(dir, 'pgdata.lock'))).toBe(true);
      const after = await runCli(['user', 'passwd', 'admin', '--password', 'sandi-baru-2026'], env);
      expect(after.stderr).toBe('');
      expect(after.code).toBe(0);
      expect(after.stdout).toContain('Kata sandi admin diganti');
      expect(fs.existsSync(path.join(dir, 'pgdata.lock'))).toBe(false);
    } finally {
      if (!killed) await stopCli(server.child);
    }
  }, 240_000);

  it('takes over a lock left by a dead process or by an earlier process with a reused pid, and refuses a live one', async () => {
    const dir = path.join(dataDir(), 'pgdata');
    const lockFile = `${dir}.lock`;
    const host = os.hostname();
    // A pid that cannot be running (above the kernel's pid_max).
    fs.writeFileSync(lockFile, JSON.stringify({ pid: 4_194_305, host, start: '1' }));
    const release = await lockDataDir(dir);
    expect(JSON.parse(fs.readFileSync(lockFile, 'utf8')).pid).toBe(process.pid);
    // A second open in the same process is refused too.
    await expect(lockDataDir(dir)).rejects.toBeInstanceOf(DatabaseLockedError);
    release();
    expect(fs.existsSync(lockFile)).toBe(false);
    // The parent process is alive: its lock stands (unless its start time says the pid was reused).
    const ppid = process.ppid;
    const start = fs.existsSync(`/proc/${ppid}/stat`)
      ? (fs.readFileSync(`/proc/${ppid}/stat`, 'utf8').split(') ')[1]?.split(' ')[19] ?? null)
      : null;
    fs.writeFileSync(lockFile, JSON.stringify({ pid: ppid, host, start }));
    await expect(lockDataDir(dir)).rejects.toThrow(LOCKED);
    if (start !== null) {
      fs.writeFileSync(lockFile, JSON.stringify({ pid: ppid, host, start: `${start}9` }));
      (await lockDataDir(dir))();
    }
  });
});
