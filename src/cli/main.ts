import { Command, CommanderError } from 'commander';
import { DatabaseLockedError } from '../db/lock.js';
import { registerAuditCommands } from './commands/audit.js';
import { registerBackupCommands } from './commands/backup.js';
import { registerCoreCommands } from './commands/core.js';
import { registerCriteriaCommands } from './commands/criteria.js';
import { registerDbCommands } from './commands/db.js';
import { registerDemoCommands } from './commands/demo.js';
import { registerImportCommands } from './commands/import.js';
import { CliError, describeError } from './util.js';

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

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // Help and version exit with code 0; usage errors were already printed by commander.
    process.exit(err.exitCode);
  }
  const prefix = err instanceof CliError || err instanceof DatabaseLockedError ? 'sasmita: ' : 'sasmita: error: ';
  process.stderr.write(`${prefix}${describeError(err)}\n`);
  process.exit(1);
}
