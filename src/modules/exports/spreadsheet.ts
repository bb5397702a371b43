import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { firstEvent, untilEvent } from './events.js';

/**
 * Spreadsheet output shared by every export (household lists, lampiran, recipient lists).
 * Rows are streamed to the HTTP response as they are produced, never built whole in memory,
 * and every cell is neutralised so a spreadsheet never evaluates data as a formula
 * (CSV/formula injection: a name like "=HYPERLINK(...)" or "+62812..." stays text).
 */

const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);

/** Strings that a spreadsheet would evaluate get a leading apostrophe; other values are unchanged. */
export function neutraliseCell(value: unknown): unknown {
  if (typeof value !== 'string' || value.length === 0) return value;
  return FORMULA_START.has(value.charAt(0)) ? `'${value}` : value;
}

function csvText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  return String(value);
}

/** One neutralised CSV field, quoted per RFC 4180 when it holds a comma, quote or line break. */
export function csvField(value: unknown): string {
  const text = csvText(neutraliseCell(value));
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record including its CRLF terminator (RFC 4180), every field neutralised. */
export function csvLine(values: unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** What a streamed export reports back: how many data rows were sent and whether all were. */
export interface StreamResult {
  rows: number;
  completed: boolean;
}

export interface StreamOptions {
  /**
   * Runs after the last row and before the response ends (also after a failure or a client
   * that went away, with `completed: false`), e.g. to audit the export: a client that has
   * received the whole file can rely on the audit entry being there.
   */
  onFinish?: (result: StreamResult) => Promise<void>;
}

/** `filename` as a Content-Disposition value that survives non-ASCII names (RFC 6266 / 5987). */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/** Resolves when the stream can take more, or when it went away. */
async function drained(stream: PassThrough): Promise<void> {
  if (!stream.writableNeedDrain || stream.destroyed) return;
  await firstEvent([stream, 'drain'], [stream, 'close']);
}

/** Send a download's headers and a stream to write it into (call after every access check: the status is then 200). */
export function startStream(reply: FastifyReply, filename: string, contentType: string): PassThrough {
  const out = new PassThrough();
  reply.header('content-type', contentType);
  reply.header('content-disposition', contentDisposition(filename));
  reply.header('cache-control', 'no-store');
  // The client disconnecting must stop the producer, not leave it filling memory.
  reply.raw.once('close', () => {
    if (!out.writableFinished) out.destroy();
  });
  reply.send(out);
  return out;
}

/**
 * Close the response: complete when every row went out, otherwise cut it off so the client
 * sees a broken download rather than a file that looks whole. The status line is already
 * sent, so a failure here is logged, not answered with an error body.
 */
export async function finish(
  reply: FastifyReply,
  out: PassThrough,
  result: StreamResult,
  error: unknown,
  opts: StreamOptions,
  end: () => Promise<void>,
): Promise<StreamResult> {
  const final = { rows: result.rows, completed: !error && !out.destroyed };
  try {
    await opts.onFinish?.(final);
    if (final.completed) await end();
  } catch (e) {
    error = e;
    final.completed = false;
  }
  if (error) reply.log.error({ err: error }, 'export stream failed');
  if (!final.completed) out.destroy();
  return final;
}

/**
 * Stream rows as CSV (UTF-8 with BOM so Excel shows Indonesian text correctly, CRLF lines)
 * to the HTTP response. Call after every access check: from here on the status is 200.
 */
export async function streamCsv(
  reply: FastifyReply,
  filename: string,
  headers: string[],
  rows: AsyncIterable<unknown[]>,
  opts: StreamOptions = {},
): Promise<StreamResult> {
  const out = startStream(reply, filename, 'text/csv; charset=utf-8');
  const result: StreamResult = { rows: 0, completed: false };
  let error: unknown;
  try {
    out.write(`\uFEFF${csvLine(headers)}`);
    for await (const row of rows) {
      if (out.destroyed) break;
      if (!out.write(csvLine(row))) await drained(out);
      result.rows++;
    }
  } catch (e) {
    error = e;
  }
  return finish(reply, out, result, error, opts, async () => {
    out.end();
  });
}

function xlsxValue(value: unknown, styled: boolean): ExcelJS.CellValue {
  const v = neutraliseCell(value);
  if (v === null || v === undefined) return null;
  // Without styles a Date cell would show as a bare serial number: write the ISO text instead.
  if (v instanceof Date) return styled ? v : Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  return JSON.stringify(v);
}

/** The writable end of the zip entry that exceljs writes worksheet XML into. */
interface PendingStream {
  writableLength?: number;
  _writableState?: { length?: number };
  _readableState?: { length?: number };
}

/** Bytes of worksheet XML written by exceljs but not yet compressed. */
function pendingXml(sheet: ExcelJS.Worksheet): number {
  // exceljs pipes rows into the zip without backpressure, so a fast producer would pile the
  // whole sheet up in memory; its entry stream's buffers show how far compression lags.
  const entry = (sheet as unknown as { stream?: { pipes?: PendingStream[] } }).stream?.pipes?.[0];
  if (!entry) return 0;
  const writable = entry.writableLength ?? entry._writableState?.length ?? 0;
  return writable + (entry._readableState?.length ?? 0);
}

const MAX_PENDING_XML = 8 * 1024 * 1024;

export interface XlsxOptions extends StreamOptions {
  /**
   * Bold header and real date cells. Styles make exceljs about twice as slow, so long lists
   * leave them off (the default) and get dates as ISO text, as in CSV.
   */
  styles?: boolean;
  /** A second worksheet written after the rows, e.g. the audit anchor of a decree's lampiran. */
  notes?: { sheetName: string; rows: unknown[][] };
}

/**
 * Stream rows as one XLSX worksheet with exceljs' streaming WorkbookWriter piped to the
 * response: rows are committed as they come and production waits for compression, so
 * memory stays flat however long the list.
 */
export async function streamXlsx(
  reply: FastifyReply,
  filename: string,
  sheetName: string,
  headers: string[],
  rows: AsyncIterable<unknown[]>,
  opts: XlsxOptions = {},
): Promise<StreamResult> {
  const styled = opts.styles ?? false;
  const out = startStream(reply, filename, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: styled, useSharedStrings: false });
  workbook.creator = 'Sasmita';
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = headers.map((h) => ({ header: String(neutraliseCell(h)), width: Math.min(40, Math.max(10, h.length + 2)) }));
  const head = sheet.getRow(1);
  if (styled) head.font = { bold: true };
  head.commit();
  const result: StreamResult = { rows: 0, completed: false };
  let error: unknown;
  try {
    for await (const row of rows) {
      if (out.destroyed) break;
      sheet.addRow(row.map((v) => xlsxValue(v, styled))).commit();
      result.rows++;
      if (result.rows % 500 === 0) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        while (pendingXml(sheet) > MAX_PENDING_XML && !out.destroyed) await new Promise((resolve) => setTimeout(resolve, 2));
        await drained(out);
      }
    }
  } catch (e) {
    error = e;
  }
  return finish(reply, out, result, error, opts, async () => {
    sheet.commit();
    if (opts.notes) {
      const notes = workbook.addWorksheet(opts.notes.sheetName.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '));
      for (const row of opts.notes.rows) notes.addRow(row.map((v) => xlsxValue(v, styled))).commit();
      notes.commit();
    }
    // A client leaving during the final flush closes the stream before 'finish', which
    // workbook.commit() would wait for forever.
    await untilEvent(workbook.commit(), out, 'close');
  });
}
