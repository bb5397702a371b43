import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | null | undefined, string | null>;

export type JobStatus = 'RUNNING' | 'DONE' | 'FAILED';

export interface JobTable {
  id: Generated<number>;
  kind: string;
  status: ColumnType<JobStatus, JobStatus | undefined, JobStatus>;
  phase: string | null;
  done: ColumnType<number, number | undefined, number>;
  total: ColumnType<number, number | undefined, number>;
  message: string | null;
  result: Json;
  error: string | null;
  owner: string | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Date | null;
}

export interface JobTables {
  job: JobTable;
}
