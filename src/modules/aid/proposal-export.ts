import type { FastifyReply } from 'fastify';
import type { ServiceContext } from '../../service-context.js';
import { identifierMasker } from '../access/privacy.js';
import type { Actor } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { type StreamResult, streamCsv, streamXlsx } from '../exports/spreadsheet.js';
import { num } from './common.js';
import { filteredProposals, type ProposalFilter } from './proposals.js';

/** The recipient list an agency asks for: one row per proposed household/member, NIK masked unless allowed. */
export const PROPOSAL_EXPORT_HEADERS = ['No', 'NIK', 'No KK', 'Nama', 'Alamat', 'Desa', 'Kecamatan', 'Program', 'Status', 'Nominal'];

const STATUS_LABEL: Record<string, string> = {
  PROPOSED: 'Diusulkan',
  VERIFIED: 'Diverifikasi',
  APPROVED: 'Disetujui',
  DISTRIBUTED: 'Disalurkan',
  REJECTED: 'Ditolak',
};

export async function exportProposals(
  { db, kabupatenCode }: ServiceContext,
  actor: Actor,
  f: Omit<ProposalFilter, 'limit' | 'before'>,
  format: 'csv' | 'xlsx',
  reply: FastifyReply,
): Promise<StreamResult> {
  const q = filteredProposals(db, actor, kabupatenCode, f);
  const mask = identifierMasker(actor);
  async function* rows(): AsyncIterable<unknown[]> {
    let n = 0;
    let before: number | null = null;
    for (;;) {
      let page = q.orderBy('a.id', 'desc').limit(1000);
      if (before !== null) page = page.where('a.id', '<', before);
      const list = await page.execute();
      for (const r of list) {
        n++;
        yield [
          n,
          mask(r.member_nik ?? r.head_nik, r.desa_code),
          mask(r.kk_number, r.desa_code),
          r.member_name ?? r.head_name,
          r.address,
          r.desa_name,
          r.kecamatan_name,
          r.program_name,
          STATUS_LABEL[r.status] ?? r.status,
          num(r.amount),
        ];
      }
      const last = list.at(-1);
      if (list.length < 1000 || !last) return;
      before = Number(last.id);
    }
  }
  const onFinish = async (result: StreamResult) => {
    await db.transaction().execute((trx) =>
      recordAudit(trx, actor, {
        action: 'aid.proposal.export',
        entity: 'aid_proposal',
        regionCode: f.desa ?? f.kecamatan ?? kabupatenCode,
        after: { format, filters: f, rows: result.rows, completed: result.completed },
      }),
    );
  };
  const stem = `usulan-${(f.program ?? 'semua').toLowerCase()}-${new Date().toISOString().slice(0, 10)}`;
  if (format === 'csv') return streamCsv(reply, `${stem}.csv`, PROPOSAL_EXPORT_HEADERS, rows(), { onFinish });
  return streamXlsx(reply, `${stem}.xlsx`, 'Usulan', PROPOSAL_EXPORT_HEADERS, rows(), { onFinish });
}
