import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { identifierMasker } from '../access/privacy.js';
import type { Actor } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { streamXlsx } from '../exports/spreadsheet.js';
import { DECISION_LABELS } from '../musdes/rules.js';
import { iterateDiff, REASON_LABELS } from './diff.js';
import { numberSlug } from './lampiran.js';
import type { DecreeView } from './service.js';

/** The difference from the previous decree as XLSX: added, then removed, each with its reason and musdes. */

const HEADERS = [
  'No',
  'Perubahan',
  'Kode Desa',
  'Kecamatan',
  'Desa/Kelurahan',
  'No KK',
  'NIK Kepala Keluarga',
  'Kepala Keluarga',
  'Alamat',
  'Jumlah Anggota',
  'Desil',
  'Alasan',
  'Keputusan Musdes',
  'Alasan Musdes',
  'Nomor Berita Acara Musdes',
  'Tanggal Musdes',
];

const CHANGE_LABEL = { ADDED: 'Ditambahkan', REMOVED: 'Dikeluarkan' } as const;

export async function sendDiffXlsx(db: Kysely<DB>, actor: Actor, decree: DecreeView, reply: FastifyReply) {
  const mask = identifierMasker(actor);
  async function* rows() {
    let n = 0;
    for await (const r of iterateDiff(db, actor, decree)) {
      n++;
      yield [
        n,
        CHANGE_LABEL[r.change],
        r.desaCode,
        r.kecamatanName,
        r.desaName,
        mask(r.kkNumber, r.desaCode),
        mask(r.headNik, r.desaCode),
        r.headName,
        r.address,
        r.memberCount,
        r.desil,
        REASON_LABELS[r.reasonCode].id,
        r.musdes ? DECISION_LABELS[r.musdes.decision] : null,
        r.musdes?.reason ?? null,
        r.musdes?.number ?? null,
        r.musdes?.heldOn ?? null,
      ];
    }
  }
  const stem = `perubahan-sk-${numberSlug(decree)}`;
  await streamXlsx(reply, `${stem}.xlsx`, 'Perubahan', HEADERS, rows(), {
    onFinish: (result) =>
      db.transaction().execute((trx) =>
        recordAudit(trx, actor, {
          action: 'decree.diff.export',
          entity: 'decree',
          entityId: decree.id,
          regionCode: decree.kabupatenCode,
          after: { format: 'xlsx', previousId: decree.previous?.id ?? null, rows: result.rows, completed: result.completed },
        }),
      ),
  });
}
