import type { Migration, MigrationProvider } from 'kysely/migration';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_registry.js';
import * as m0003 from './0003_jobs.js';
import * as m0004 from './0004_organisation.js';
import * as m0005 from './0005_households_indexes.js';
import * as m0006 from './0006_criteria.js';
import * as m0007 from './0007_verval.js';
import * as m0008 from './0008_monitoring.js';
import * as m0009 from './0009_musdes.js';
import * as m0010 from './0010_matching.js';
import * as m0011 from './0011_decree.js';
import * as m0012 from './0012_aid.js';
import * as m0013 from './0013_verval_followup.js';
import * as m0014 from './0014_registry_indexes.js';
import * as m0015 from './0015_orgmon.js';
import * as m0016 from './0016_aidmon.js';
import * as m0017 from './0017_match_list_partitions.js';
import * as m0018 from './0018_member_unused_indexes.js';
import * as m0019 from './0019_summary_without_aid_flags.js';
import * as m0020 from './0020_household_update_trigger_linear.js';
import * as m0021 from './0021_import_ref_per_statement.js';
import * as m0022 from './0022_region_and_issue_refs_per_statement.js';
import * as m0023 from './0023_identifiers_collate_c.js';
import * as m0025 from './0025_login_attempt.js';
import * as m0026 from './0026_audit_append_only.js';
import * as m0029 from './0029_schedule_penetapan.js';
import * as m0031 from './0031_aid_year_summary.js';
import * as m0032 from './0032_worklist_filters.js';
import * as m0033 from './0033_region_boundary.js';
import * as m0034 from './0034_trend_months.js';
import * as m0035 from './0035_accounts_bulk.js';
import * as m0036 from './0036_import_mapping_template.js';
import * as m0037 from './0037_pendampingan.js';
import * as m0038 from './0038_verval_destination_place.js';

/**
 * Migrations are listed here (not discovered on disk) so the compiled build and the
 * tests run exactly the same set, in this order, on PGlite and PostgreSQL alike.
 */
const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_registry': m0002,
  '0003_jobs': m0003,
  '0004_organisation': m0004,
  '0005_households_indexes': m0005,
  '0006_criteria': m0006,
  '0007_verval': m0007,
  '0008_monitoring': m0008,
  '0009_musdes': m0009,
  '0010_matching': m0010,
  '0011_decree': m0011,
  '0012_aid': m0012,
  '0013_verval_followup': m0013,
  '0014_registry_indexes': m0014,
  '0015_orgmon': m0015,
  '0016_aidmon': m0016,
  '0017_match_list_partitions': m0017,
  '0018_member_unused_indexes': m0018,
  '0019_summary_without_aid_flags': m0019,
  '0020_household_update_trigger_linear': m0020,
  '0021_import_ref_per_statement': m0021,
  '0022_region_and_issue_refs_per_statement': m0022,
  '0023_identifiers_collate_c': m0023,
  '0025_login_attempt': m0025,
  '0026_audit_append_only': m0026,
  '0029_schedule_penetapan': m0029,
  '0031_aid_year_summary': m0031,
  '0032_worklist_filters': m0032,
  '0033_region_boundary': m0033,
  '0034_trend_months': m0034,
  '0035_accounts_bulk': m0035,
  '0036_import_mapping_template': m0036,
  '0037_pendampingan': m0037,
  '0038_verval_destination_place': m0038,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
