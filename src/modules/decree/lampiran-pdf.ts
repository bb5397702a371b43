import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../access/scope.js';
import { PdfPages } from '../exports/pdf-pages.js';
import { finish, type StreamResult, startStream } from '../exports/spreadsheet.js';
import {
  assertFilterInScope,
  auditExport,
  auditTrailLine,
  fileStem,
  type Identify,
  identifierFor,
  type LampiranOptions,
  longDate,
} from './lampiran.js';
import { type LampiranHead, LampiranLayout, type LampiranRow } from './lampiran-layout.js';
import { type DecreeRow, iterateRows, type RowSource, regionTotals } from './rows.js';
import type { DecreeView } from './service.js';

/**
 * The lampiran as an A4 PDF of any size, streamed: the rows are read twice in keyset batches,
 * first only to lay the pages out and count them ("Halaman X dari Y" needs Y on page 1), then
 * to draw them, each page going to the response as soon as it is finished and reading pausing
 * while the client is slow. Memory stays flat at any size. A decree's snapshot is immutable,
 * so both passes read the same rows; should the drawn page count still differ, the download
 * is cut off rather than sent with wrong page numbers. Renders are not queued: each holds a
 * batch of rows and one page at a time (bench/decree.ts: two 300,000-row PDFs at once peak at
 * about the same RSS as one).
 */

function printed(r: DecreeRow, ident: Identify): LampiranRow {
  return {
    kecamatanCode: r.kecamatanCode,
    kecamatanName: r.kecamatanName,
    desaCode: r.desaCode,
    desaName: r.desaName,
    kkNumber: ident(r.kkNumber, r.desaCode) ?? '',
    headNik: ident(r.headNik, r.desaCode) ?? '',
    headName: r.headName,
    address: r.address ?? '',
    memberCount: r.memberCount,
    desil: r.desil,
  };
}

/** Stream the lampiran PDF: scope checked and pages counted before any byte, audited before the last. */
export async function sendLampiranPdf(
  db: Kysely<DB>,
  actor: Actor,
  decree: DecreeView,
  o: LampiranOptions,
  reply: FastifyReply,
): Promise<StreamResult> {
  assertFilterInScope(actor, o);
  const src: RowSource = { kind: 'decree', decreeId: decree.id };
  const totals = await regionTotals(db, actor, src);
  const count = totals.kecamatan
    .filter((k) => !o.kecamatan || k.code === o.kecamatan)
    .flatMap((k) => k.desa.filter((d) => !o.desa || d.code === o.desa))
    .reduce((n, d) => n + d.households, 0);
  const kab = await db.selectFrom('region').select('name').where('code', '=', decree.kabupatenCode).executeTakeFirst();
  const head: LampiranHead = {
    kabupatenName: kab?.name ?? decree.kabupatenCode,
    number: decree.number,
    date: longDate(decree.decreeDate),
    title: decree.title,
    count,
    publicCopy: o.publicCopy,
    signatoryName: decree.signatoryName,
    signatoryPosition: decree.signatoryPosition,
    auditTrail: await auditTrailLine(db, decree),
  };
  const ident = identifierFor(actor, o.publicCopy);

  const measure = new LampiranLayout(head);
  measure.begin();
  for await (const r of iterateRows(db, actor, src, o)) measure.add(printed(r, ident));
  const pages = measure.end();

  const out = startStream(reply, `${fileStem(decree, o)}.pdf`, 'application/pdf');
  const pdf = new PdfPages(out, { title: `Lampiran SK ${decree.number}` });
  const layout = new LampiranLayout(head, pdf, pages);
  const result: StreamResult = { rows: 0, completed: false };
  let error: unknown;
  try {
    layout.begin();
    for await (const r of iterateRows(db, actor, src, o)) {
      if (out.destroyed) break;
      layout.add(printed(r, ident));
      result.rows++;
      await pdf.drained();
    }
    if (!out.destroyed && layout.end() !== pages) {
      throw new Error(`lampiran PDF: ${layout.pages} pages drawn, ${pages} counted`);
    }
  } catch (e) {
    error = e;
  }
  return finish(reply, out, result, error, { onFinish: (res) => auditExport(db, actor, decree, 'pdf', o, res) }, () => pdf.end());
}
