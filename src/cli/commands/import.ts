import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import ExcelJS from 'exceljs';
import { SYSTEM_ACTOR } from '../../app.js';
import { loadConfig } from '../../config.js';
import type { AppContext } from '../../http/context.js';
import { recordAudit } from '../../modules/audit/service.js';
import { csvLine, neutraliseCell } from '../../modules/exports/spreadsheet.js';
import { type ImportCounts, type ImportSummary, importDtks, importP3ke } from '../../modules/registry/import/index.js';
import { sniffFileType } from '../../modules/registry/import/reader.js';
import { getImport, listImports, REPORT_HEADERS, reportRows } from '../../modules/registry/service.js';
import { checkXlsx } from '../../modules/spreadsheets/index.js';
import { CliError, progressBar, withContext } from '../util.js';

const fmt = (n: number) => n.toLocaleString('id-ID');

function existing(file: string): string {
  const full = path.resolve(file);
  if (!fs.existsSync(full) || !fs.statSync(full).isFile()) throw new CliError(`file not found: ${full}`);
  return full;
}

/**
 * An XLSX is checked against the spreadsheet limits before the database is opened, so that a
 * hostile file is refused at once (the import checks it again, as every upload is).
 */
async function checkedSpreadsheet(full: string, role: string): Promise<void> {
  if (sniffFileType(full).type === 'xlsx') await checkXlsx(full, loadConfig().spreadsheet, `Berkas ${role} (${path.basename(full)})`);
}

/** One progress bar per phase (reading each file, loading), drawn on stderr. */
function phaseProgress() {
  let phase = '';
  let bar: ReturnType<typeof progressBar> | null = null;
  return {
    report(p: { phase: string; done: number; total: number }) {
      if (p.phase !== phase) {
        bar?.stop();
        phase = p.phase;
        bar = progressBar(p.phase);
      }
      bar?.update(p.done, p.total, p.phase.startsWith('membaca') ? 'bytes' : 'langkah');
    },
    stop() {
      bar?.stop();
    },
  };
}

const LABELS: Record<string, string> = { keluarga: 'keluarga', anggota: 'anggota', dtks: 'DTKS' };

/** The summary table printed when an import ends. */
export function summaryTable(s: ImportSummary): string {
  const head = ['Berkas', 'Baris', 'Disimpan', 'Baru', 'Berubah', 'Tetap', 'Ditolak', 'Peringatan'];
  const row = (label: string, c: ImportCounts) => [label, c.rows, c.stored, c.inserted, c.updated, c.unchanged, c.rejected, c.warnings];
  const rows: Array<Array<string | number>> = Object.entries(s.counts.files).map(([role, c]) =>
    row(LABELS[role] ?? role, c as ImportCounts),
  );
  if (rows.length > 1) rows.push(row('Total', s.counts));
  const cells = [head, ...rows.map((r) => r.map((v) => (typeof v === 'number' ? fmt(v) : v)))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => String(r[i]).length)));
  return cells
    .map((r) => r.map((v, i) => (i === 0 ? String(v).padEnd(widths[i] ?? 0) : String(v).padStart(widths[i] ?? 0))).join('  '))
    .join('\n');
}

function printSummary(s: ImportSummary) {
  console.log(`Impor #${s.importId} selesai.`);
  console.log(summaryTable(s));
  const hh = s.counts.households;
  const m = s.counts.members;
  console.log(
    `Keluarga: ${fmt(hh.inserted)} baru, ${fmt(hh.updated)} berubah, ${fmt(hh.unchanged)} tetap. Anggota: ${fmt(m.inserted)} baru, ${fmt(m.updated)} berubah, ${fmt(m.unchanged)} tetap, ${fmt(m.removed)} dihapus.`,
  );
  if (s.counts.rejected > 0 || s.counts.warnings > 0) {
    console.log(`Laporan baris yang ditolak dan peringatan: sasmita import report ${s.importId} --out laporan-impor-${s.importId}.xlsx`);
  }
}

async function runImport(
  run: (ctx: AppContext, onProgress: (p: { phase: string; done: number; total: number }) => void) => Promise<ImportSummary>,
) {
  await withContext(async (ctx) => {
    const progress = phaseProgress();
    try {
      const summary = await run(ctx, (p) => progress.report(p));
      progress.stop();
      printSummary(summary);
    } finally {
      progress.stop();
    }
  });
}

async function writeReport(ctx: AppContext, id: number, out: string): Promise<number> {
  const rows = reportRows(ctx.db, id);
  let n = 0;
  if (out.toLowerCase().endsWith('.csv')) {
    const file = fs.createWriteStream(out);
    file.write(`\uFEFF${csvLine(REPORT_HEADERS)}`);
    for await (const r of rows) {
      if (!file.write(csvLine(r))) await once(file, 'drain');
      n++;
    }
    file.end();
    await once(file, 'finish');
    return n;
  }
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Laporan impor', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = REPORT_HEADERS.map((h) => ({ header: h, width: h === 'Keterangan' ? 80 : 18 }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for await (const r of rows) {
    sheet.addRow(r.map((v) => neutraliseCell(v) as ExcelJS.CellValue)).commit();
    n++;
  }
  sheet.commit();
  await workbook.commit();
  return n;
}

export function registerImportCommands(program: Command) {
  const imp = program.command('import').description('Import P3KE / DTKS registry files (CSV or XLSX) and get their error reports');

  imp
    .command('p3ke <keluarga> <anggota>')
    .description('Import a P3KE family file and individual file')
    .option('-e, --edition <edition>', 'data release, e.g. "P3KE 2024"')
    .action(async (keluarga: string, anggota: string, opts: { edition?: string }) => {
      const familyPath = existing(keluarga);
      const memberPath = existing(anggota);
      await checkedSpreadsheet(familyPath, 'keluarga');
      await checkedSpreadsheet(memberPath, 'anggota');
      await runImport((ctx, onProgress) =>
        importP3ke(ctx, { familyPath, memberPath, ...(opts.edition ? { edition: opts.edition } : {}) }, SYSTEM_ACTOR, onProgress),
      );
    });

  imp
    .command('dtks <file>')
    .description('Import a DTKS (BDT) individual export')
    .option('-e, --edition <edition>', 'data release, e.g. "DTKS Januari 2025"')
    .action(async (file: string, opts: { edition?: string }) => {
      const full = existing(file);
      await checkedSpreadsheet(full, 'dtks');
      await runImport((ctx, onProgress) =>
        importDtks(ctx, { path: full, ...(opts.edition ? { edition: opts.edition } : {}) }, SYSTEM_ACTOR, onProgress),
      );
    });

  imp
    .command('report <id>')
    .description('Write the rejected rows and warnings of an import to XLSX or CSV')
    .requiredOption('-o, --out <file>', 'output file (.xlsx or .csv)')
    .action(async (idText: string, opts: { out: string }) => {
      const id = Number(idText);
      if (!Number.isInteger(id) || id <= 0) throw new CliError(`import id must be a positive whole number, not "${idText}"`);
      const out = path.resolve(opts.out);
      if (!/\.(xlsx|csv)$/i.test(out)) throw new CliError('--out must end in .xlsx or .csv');
      await withContext(async (ctx) => {
        if (!(await getImport(ctx.db, id))) throw new CliError(`no import #${id}`);
        const n = await writeReport(ctx, id, out);
        await ctx.db.transaction().execute((trx) =>
          recordAudit(trx, SYSTEM_ACTOR, {
            action: 'registry.import.report',
            entity: 'import_batch',
            entityId: id,
            regionCode: ctx.config.kabupatenCode,
            after: { format: out.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx', rows: n, completed: true },
          }),
        );
        console.log(`Laporan impor #${id} ditulis: ${out} (${fmt(n)} baris)`);
      });
    });

  imp
    .command('list')
    .description('List recent imports')
    .action(async () => {
      await withContext(async (ctx) => {
        const { items } = await listImports(ctx.db, 1, 20);
        if (items.length === 0) console.log('Belum ada impor.');
        for (const i of items) {
          const c = i.counts as Partial<ImportCounts>;
          const counts = i.status === 'DONE' ? `${fmt(c.stored ?? 0)} disimpan, ${fmt(c.rejected ?? 0)} ditolak` : (i.error ?? '');
          console.log(
            `#${i.id}  ${i.kind.padEnd(4)}  ${i.status.padEnd(7)}  ${i.startedAt.toISOString().slice(0, 19).replace('T', ' ')}  ${i.edition ?? '-'}  ${counts}`,
          );
        }
      });
    });
}
