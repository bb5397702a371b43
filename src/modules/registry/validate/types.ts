/** A cell as read from CSV (always text) or XLSX (text, number, boolean or date). */
export type CellValue = string | number | boolean | Date | null;

export type Severity = 'ERROR' | 'WARNING';

/**
 * Receives a validator's findings for the cell being checked. ERROR means the row is not
 * stored; WARNING means it is stored and the finding is listed in the report.
 */
export type Reporter = (severity: Severity, code: string, message: string) => void;

/** True for a missing cell or one holding only spaces. */
export function isBlank(v: CellValue): boolean {
  return v === null || (typeof v === 'string' && v.trim() === '');
}

/** How a cell is shown back to people in the error report. */
export function cellText(v: CellValue): string | null {
  if (v === null) return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? String(v) : v.toISOString().slice(0, 10);
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) >= 1e15 ? v.toExponential() : String(v);
  return String(v);
}
