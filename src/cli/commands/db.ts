import type { Command } from 'commander';
import { isRoleName, runtimeRoleSql } from '../../db/roles.js';
import { CliError } from '../util.js';

export function registerDbCommands(program: Command) {
  const db = program.command('db').description('PostgreSQL administration');
  db.command('roles')
    .description(
      'Print the SQL that creates the narrow runtime role (read/insert only on the audit log and decrees) and its grants; run it as a superuser after `sasmita migrate` ran as the owner role (docs/postgresql-roles.md)',
    )
    .option('--print', 'print the SQL (the only mode: Sasmita never runs it itself)')
    .option('--role <name>', 'name of the runtime role', 'sasmita_app')
    .option('--password <password>', 'password of the runtime role (default: none; set it with \\password)')
    .action((opts: { role: string; password?: string }) => {
      if (!isRoleName(opts.role)) throw new CliError(`invalid role name "${opts.role}": lower-case letters, digits and _ only`);
      process.stdout.write(runtimeRoleSql({ role: opts.role, password: opts.password }));
    });
}
