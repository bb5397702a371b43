import { type CellValue, cellText, ownCopy, type Reporter, type Severity } from '../validate/types.js';
import type { FileRole } from './columns.js';
import { csvText } from './csv.js';
import type { Emitter } from './emit.js';

/**
 * Every finding of an import, passed on as ready-to-COPY CSV lines for import_issue (one
 * short string per finding instead of an object graph), with per-file counts.
 */
export class IssueLog {
  readonly warnings: Record<FileRole, number> = { keluarga: 0, anggota: 0, dtks: 0 };
  readonly errors: Record<FileRole, number> = { keluarga: 0, anggota: 0, dtks: 0 };

  constructor(
    readonly importId: number,
    private readonly out: Emitter,
  ) {}

  add(file: FileRole, row: number, column: string | null, value: string | null, severity: Severity, code: string, message: string) {
    if (severity === 'WARNING') this.warnings[file]++;
    else this.errors[file]++;
    // A copy: the line waits for its chunk of findings, and a cell would keep its file piece alive.
    const v = value === null ? null : value.length > 500 ? `${value.slice(0, 500)}…` : ownCopy(value);
    this.out.push('issue', `${this.importId},${file},${row},${csvText(column)},${csvText(v)},${severity},${code},${csvText(message)}\n`);
  }
}

export const ISSUE_COLUMNS = ['import_id', 'file', 'row_number', 'column_name', 'value', 'severity', 'code', 'message'];

/**
 * The findings of the row being checked. `at(column, value)` points the shared reporter at
 * a cell, so validators report without a closure per cell.
 */
export class RowCheck {
  row = 0;
  errors = 0;
  private column: string | null = null;
  private value: CellValue = null;

  constructor(
    private readonly log: IssueLog,
    readonly file: FileRole,
  ) {}

  begin(row: number) {
    this.row = row;
    this.errors = 0;
  }

  readonly report: Reporter = (severity, code, message) => {
    if (severity === 'ERROR') this.errors++;
    this.log.add(this.file, this.row, this.column, cellText(this.value), severity, code, message);
  };

  at(column: string | null, value: CellValue): Reporter {
    this.column = column;
    this.value = value;
    return this.report;
  }

  /** A finding about another row of this file (e.g. the first of two rows with the same NIK). */
  addFor(row: number, column: string, value: string | null, severity: Severity, code: string, message: string) {
    this.log.add(this.file, row, column, value, severity, code, message);
  }
}
