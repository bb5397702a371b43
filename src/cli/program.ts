import { Command, CommanderError } from 'commander';
import { DatabaseLockedError } from '../db/lock.js';
import { registerAuditCommands } from './commands/audit.js';
import { registerBackupCommands } from './commands/backup.js';
import { registerCoreCommands } from './commands/core.js';
import { registerCriteriaCommands } from './commands/criteria.js';
import { registerDbCommands } from './commands/db.js';
import { registerDemoCommands } from './commands/demo.js';
import { registerImportCommands } from './commands/import.js';
import { registerUserImportCommand } from './commands/users.js';
import { CliError, describeError } from './util.js';

/** The `sasmita` command tree, fresh for every run (commander keeps parsed options on it). */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('sasmita')
    .description('Sasmita — Sistem Analisa Kemiskinan Terpadu Daerah')
    .version('0.1.0')
    .showHelpAfterError('(lihat --help)')
    .exitOverride();
  registerCoreCommands(program);
  registerAuditCommands(program);
  registerBackupCommands(program);
  registerDbCommands(program);
  registerCriteriaCommands(program);
  registerDemoCommands(program);
  registerImportCommands(program);
  registerUserImportCommand(program);
  return program;
}

/**
 * Run `sasmita` with `argv` (as process.argv: node, script, arguments…) and return its exit
 * code: 0, commander's code for help, version and usage errors (already printed), or 1 after
 * one line on stderr for any other failure. The process entry point (main.ts) exits with it.
 */
export async function runSasmita(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    const prefix = err instanceof CliError || err instanceof DatabaseLockedError ? 'sasmita: ' : 'sasmita: error: ';
    process.stderr.write(`${prefix}${describeError(err)}\n`);
    return 1;
  }
}
