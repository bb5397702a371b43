import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type CriteriaStatus = 'DRAFT' | 'ADOPTED' | 'ARCHIVED';

export interface CriteriaSetTable {
  id: Generated<number>;
  code: string;
  version: number;
  title: string;
  /** The validated criteria document (jsonb); written as a JSON string. */
  definition: ColumnType<unknown, string, never>;
  status: ColumnType<CriteriaStatus, CriteriaStatus | undefined, CriteriaStatus>;
  created_by: number | null;
  created_at: Timestamp;
  adopted_by: number | null;
  adopted_at: Date | null;
  note: string | null;
}

export interface CriteriaTables {
  criteria_set: CriteriaSetTable;
}
