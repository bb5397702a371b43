import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string | undefined, string>;

export interface ImportBatchTable {
  id: Generated<number>;
  kind: string;
  status: ColumnType<string, string | undefined, string>;
  edition: string | null;
  files: Json;
  counts: Json;
  error: string | null;
  started_by: number | null;
  started_at: Timestamp;
  finished_at: Date | null;
  job_id: number | null;
}

export interface ImportIssueTable {
  id: Generated<number>;
  import_id: number;
  file: string;
  row_number: number;
  column_name: string | null;
  value: string | null;
  severity: 'ERROR' | 'WARNING';
  code: string;
  message: string;
}

export interface ImportMappingTemplateTable {
  id: Generated<number>;
  name: string;
  kind: 'P3KE' | 'DTKS';
  columns: Json;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RegistryTables {
  import_batch: ImportBatchTable;
  import_issue: ImportIssueTable;
  import_mapping_template: ImportMappingTemplateTable;
}
