import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { JobTables } from '../jobs/tables.js';
import type { AidTables } from '../modules/aid/tables.js';
import type { CriteriaTables } from '../modules/criteria/tables.js';
import type { DecreeTables } from '../modules/decree/tables.js';
import type { HouseholdTables } from '../modules/households/tables.js';
import type { KendalaTables } from '../modules/kendala/tables.js';
import type { MapTables } from '../modules/maps/tables.js';
import type { MatchingTables } from '../modules/matching/tables.js';
import type { MonitoringTables } from '../modules/monitoring/tables.js';
import type { MusdesTables } from '../modules/musdes/tables.js';
import type { OrganisationTables } from '../modules/organisation/tables.js';
import type { PendampinganTables } from '../modules/pendampingan/tables.js';
import type { RegistryTables } from '../modules/registry/tables.js';
import type { VervalTables } from '../modules/verval/tables.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | null, string | null>;

export interface RegionTable {
  code: string;
  name: string;
  level: number;
  parent_code: string | null;
  is_kelurahan: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  full_name: string;
  password_hash: string;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  language: ColumnType<'id' | 'en', 'id' | 'en' | undefined, 'id' | 'en'>;
  failed_logins: ColumnType<number, number | undefined, number>;
  locked_until: Date | null;
  /** The password was given by an admin (initial, reset): the user must change it first (migration 0035). */
  must_change_password: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Initial-password slips of a bulk creation, encrypted with a key held by the creator only (migration 0035). */
export interface UserSlipBatchTable {
  id: string;
  created_by: number;
  created_at: Timestamp;
  expires_at: Date;
  payload: string;
}

export interface UserRoleTable {
  id: Generated<number>;
  user_id: number;
  role: string;
  region_code: string;
  source: ColumnType<string, string | undefined, string>;
  /** Dates (inclusive, yyyy-mm-dd) the grant is valid on; null = unbounded (migration 0015). */
  valid_from: ColumnType<Date | null, string | null | undefined, string | null>;
  valid_until: ColumnType<Date | null, string | null | undefined, string | null>;
  created_at: Timestamp;
}

export interface SessionTable {
  id: string;
  user_id: number;
  created_at: Timestamp;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditLogTable {
  id: number;
  at: Date;
  actor_id: number | null;
  actor_name: string;
  action: string;
  entity: string;
  entity_id: string | null;
  region_code: string | null;
  before: Json;
  after: Json;
  prev_hash: string;
  hash: string;
}

export interface AuditAnchorTable {
  id: Generated<number>;
  at: Date;
  last_id: number;
  head_hash: string;
  entries: number;
  reason: string;
  key_id: string;
  signature: string;
}

export interface AppSettingTable {
  key: string;
  value: Json;
  updated_at: Timestamp;
}

/** All tables. Each module declares its own tables in its folder and is added here. */
export interface DB
  extends RegistryTables,
    HouseholdTables,
    OrganisationTables,
    CriteriaTables,
    JobTables,
    MonitoringTables,
    KendalaTables,
    VervalTables,
    MusdesTables,
    MatchingTables,
    AidTables,
    DecreeTables,
    PendampinganTables,
    MapTables {
  region: RegionTable;
  app_user: AppUserTable;
  user_slip_batch: UserSlipBatchTable;
  user_role: UserRoleTable;
  session: SessionTable;
  audit_log: AuditLogTable;
  audit_anchor: AuditAnchorTable;
  app_setting: AppSettingTable;
}

export type Region = Selectable<RegionTable>;
export type AppUser = Selectable<AppUserTable>;
export type NewAppUser = Insertable<AppUserTable>;
