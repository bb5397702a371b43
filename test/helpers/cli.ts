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

/**
 * Run `sasmita` inside the test process (src/cli/program.ts, the commands the bin runs), with
 * `env` set for the run and its stdout and stderr captured: the same result as `runCli`
 * without starting Node and loading the server once more per command. For behaviour, not for
 * what needs a process of its own (exit of the process, signals, locks held by another one).
 */
export async function runCliInProcess(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  const { runSasmita } = await import('../../src/cli/program.js');
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries({ LOG_LEVEL: 'warn', ...env })) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write;
  const err = process.stderr.write;
  const { log, info, warn, error } = console;
  const text = (args: unknown[]) => `${args.map((a) => (typeof a === 'string' ? a : String(a))).join(' ')}\n`;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stderr.write;
  console.log = console.info = (...a: unknown[]) => {
    stdout += text(a);
  };
  console.warn = console.error = (...a: unknown[]) => {
    stderr += text(a);
  };
  try {
    const code = await runSasmita(['node', 'sasmita', ...args]);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    Object.assign(console, { log, info, warn, error });
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
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
