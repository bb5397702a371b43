import { once } from 'node:events';
import fs from 'node:fs';
import ExcelJS from 'exceljs';

/** Writes rows of strings to a file as they come, never holding the whole file in memory. */
export interface RowWriter {
  write(row: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** RFC 4180 field: quoted only when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A CSV file (UTF-8, comma, CRLF line ends like spreadsheet exports), buffered in ~1 MB chunks with back-pressure. */
export function csvWriter(path: string, header: readonly string[]): RowWriter {
  const out = fs.createWriteStream(path);
  let buffer = '';
  const flush = async () => {
    if (!buffer) return;
    const chunk = buffer;
    buffer = '';
    if (!out.write(chunk)) await once(out, 'drain');
  };
  buffer += `${header.map(csvField).join(',')}\r\n`;
  return {
    async write(row) {
      buffer += `${row.map(csvField).join(',')}\r\n`;
      if (buffer.length >= 1 << 20) await flush();
    },
    async close() {
      await flush();
      out.end();
      await once(out, 'finish');
    },
  };
}

/**
 * An XLSX workbook with one sheet, written by exceljs's streaming writer. Every cell is text,
 * so a NIK never becomes a number (the spreadsheet damage the import rejects).
 */
export function xlsxWriter(path: string, sheetName: string, header: readonly string[]): RowWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow([...header]).commit();
  let rows = 0;
  return {
    async write(row) {
      sheet.addRow([...row]).commit();
      // Let the zip stream drain to disk now and then instead of queueing the whole sheet.
      if (++rows % 2000 === 0) await new Promise((resolve) => setImmediate(resolve));
    },
    async close() {
      sheet.commit();
      await workbook.commit();
    },
  };
}
