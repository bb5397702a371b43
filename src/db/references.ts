/**
 * References that triggers check once per statement instead of foreign keys (migrations 0021
 * and 0022): [table, the table it references, the trigger function that checks it]. Anything
 * that orders tables by their foreign keys (a restore loads parents first) must order by these
 * too; `test/api/import-provenance.test.ts` checks the list against the database's triggers.
 */
export const STATEMENT_CHECKED_REFERENCES: ReadonlyArray<readonly [table: string, references: string, checkedBy: string]> = [
  ['household', 'import_batch', 'registry_import_ref_check'],
  ['member', 'import_batch', 'registry_import_ref_check'],
  ['household_history', 'import_batch', 'registry_import_ref_check'],
  ['import_issue', 'import_batch', 'registry_import_ref_check'],
  ['household', 'region', 'household_region_ref_check'],
];
