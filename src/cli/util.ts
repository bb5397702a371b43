import cliProgress from 'cli-progress';
import { openContext } from '../app.js';
import { loadConfig } from '../config.js';
import type { AppContext } from '../http/context.js';
import { AppError } from '../http/errors.js';

/** A failure the user caused: printed as one line, exit code 1. */
export class CliError extends Error {}

export function describeError(err: unknown): string {
  if (err instanceof AppError) return `${err.messageId} (${err.code})`;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Open the configured database, run `fn`, always close. */
export async function withContext<T>(fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await openContext(loadConfig());
  try {
    return await fn(ctx);
  } finally {
    await ctx.database.close();
  }
}

/** A progress bar on a terminal; periodic lines otherwise (CI logs, pipes). */
export function progressBar(label: string) {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {percentage}% | {value}/{total} {unit}`, stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(value: number, total: number, unit = '') {
        if (!started) {
          bar.start(total, value, { unit });
          started = true;
        }
        bar.setTotal(total);
        bar.update(value, { unit });
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let last = 0;
  return {
    update(value: number, total: number, unit = '') {
      const now = Date.now();
      if (now - last > 2000 || value === total) {
        last = now;
        const pct = total ? Math.floor((value / total) * 100) : 0;
        process.stderr.write(`${label}: ${value}/${total} ${unit} (${pct}%)\n`);
      }
    },
    stop() {},
  };
}
