import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createScratchDatabase } from '../../src/db/scratch.js';

/**
 * True in the PostgreSQL stage of `npm test` (DATABASE_URL set). Tests that pin the embedded
 * database (DATABASE_URL: '') already ran in the PGlite stage, so they skip this one.
 */
export const POSTGRES_STAGE = Boolean(process.env.DATABASE_URL);

export const ROOT = path.resolve(import.meta.dirname, '../..');
const NODE = path.join(ROOT, 'node_modules/.bin/node');
const MAIN = path.join(ROOT, 'dist/cli/main.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the compiled `sasmita` command with the pinned Node, in its own data directory. */
export function runCli(args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 120_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [MAIN, ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`sasmita ${args.join(' ')} timed out\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Start a long-running `sasmita` process (serve); resolves once `readyPattern` appears on stdout. */
export function startCli(
  args: string[],
  env: Record<string, string | undefined>,
  readyPattern: RegExp,
): Promise<{ child: ChildProcess; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [MAIN, ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env } });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`sasmita ${args.join(' ')} did not start:\n${out}`));
    }, 120_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (readyPattern.test(out)) {
        clearTimeout(timer);
        resolve({ child, output: () => out });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!readyPattern.test(out)) reject(new Error(`sasmita exited with ${code}:\n${out}`));
    });
  });
}

export function stopCli(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sasmita-cli-'));
}

/** When DATABASE_URL is set: a fresh, empty PostgreSQL database and a function that drops it. */
export async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  const base = process.env.DATABASE_URL;
  if (!base) return undefined;
  const { url, drop } = await createScratchDatabase(base, 'sasmita_c');
  return { url, drop };
}
