import type { Kysely } from 'kysely';
import sharp from 'sharp';
import { expect } from 'vitest';
import type { DB } from '../../src/db/schema.js';
import { scopeColumns } from '../../src/modules/access/scope.js';
import type { VervalOutcome } from '../../src/modules/verval/tables.js';
import type { Client } from '../helpers/server.js';

/** Shared pieces of the musdes API tests: verval records, a ready meeting, uploads. */

export const DESA_A = '35.13.06.2005';
export const DESA_B = '35.13.06.2013';
export const KEC = '35.13.06';

/** Write verval records straight into the table (the verval flow has its own tests). */
export async function insertVerval(
  db: Kysely<DB>,
  periodId: number,
  rows: Array<{ householdId: number; desaCode: string; outcome: VervalOutcome; status?: 'APPROVED' | 'SUBMITTED' | 'RETURNED' }>,
) {
  await db
    .insertInto('verval')
    .values(
      rows.map((r) => ({
        period_id: periodId,
        household_id: r.householdId,
        ...scopeColumns(r.desaCode),
        status: r.status ?? 'APPROVED',
        found: r.outcome !== 'TIDAK_DITEMUKAN' && r.outcome !== 'MENINGGAL',
        outcome: r.outcome,
        changes: '{}',
        member_changes: '[]',
        photos: '[]',
      })),
    )
    .execute();
}

export async function photo(color = '#a86'): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: color } })
    .jpeg()
    .toBuffer();
}

export async function upload(c: Client, meetingId: number, kind: string, bytes: Buffer, name: string, type: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  return c.post(`/api/v1/musdes/meetings/${meetingId}/documents?kind=${kind}`, form);
}

export const REQUIRED_ATTENDEES = [
  { name: 'H. Sulaiman', role: 'KEPALA_DESA', institution: 'Pemerintah Desa', signed: true },
  { name: 'Bu Marlina', role: 'BPD', institution: 'BPD', signed: true },
  { name: 'Drs. Hartono', role: 'KECAMATAN', institution: 'Kantor Kecamatan', signed: true },
  { name: 'Rudi Pendamping', role: 'PENDAMPING_DESA', institution: 'P3MD', signed: true },
];

/** A meeting held with every piece of evidence, ready to be finalised. Returns its current version. */
export async function makeReady(c: Client, meetingId: number, number: string): Promise<number> {
  const att = await c.post(`/api/v1/musdes/meetings/${meetingId}/attendees`, { attendees: REQUIRED_ATTENDEES });
  expect(att.status, JSON.stringify(att.body)).toBe(201);
  expect((await upload(c, meetingId, 'PHOTO', await photo(), 'musdes.jpg', 'image/jpeg')).status).toBe(201);
  const cur = await c.get(`/api/v1/musdes/meetings/${meetingId}`);
  const patched = await c.request('PATCH', `/api/v1/musdes/meetings/${meetingId}`, { version: cur.body.meeting.version, number });
  expect(patched.status, JSON.stringify(patched.body)).toBe(200);
  const held = await c.post(`/api/v1/musdes/meetings/${meetingId}/hold`, { version: patched.body.meeting.version });
  expect(held.status, JSON.stringify(held.body)).toBe(200);
  expect(held.body.problems).toEqual([]);
  return held.body.meeting.version;
}
