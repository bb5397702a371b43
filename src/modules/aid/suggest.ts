import { HOUSEHOLD_FIELDS, readField } from '../criteria/fields.js';

/**
 * Suggested programs for a household, from simple rules over its members and housing:
 * - a member aged 6–21 (school age) without a PIP receipt and no KIP card → PIP;
 * - a member without PBI JKN / PBI Daerah receipt and no PBI flag (DTKS Ada_pbi) → PBI_DAERAH;
 * - unfit housing (floor of earth, bamboo or cheap wood; walls of bamboo, thatch or cheap wood;
 *   roof of thatch or bamboo, read through the kriteria field catalogue) without RTLH → RTLH;
 * - no aid at all → BLT_DD (desa) and BANSOS_APBD (kabupaten).
 * Programs with an open usulan for the same household/member are not suggested again.
 */

export interface SuggestInput {
  household: { floorType: string | null; wallType: string | null; roofType: string | null };
  members: Array<{ id: number; name: string; birthDate: string | null; attributes: Record<string, unknown> }>;
  receipts: Array<{ programCode: string; memberId: number | null }>;
  openProposals: Array<{ programCode: string; memberId: number | null }>;
  today: Date;
}

export interface Suggestion {
  programCode: string;
  memberId: number | null;
  memberName: string | null;
  reason: { id: string; en: string };
}

const UNFIT = {
  floorType: ['TANAH', 'BAMBU', 'KAYU_MURAH'],
  wallType: ['BAMBU', 'RUMBIA', 'KAYU_MURAH', 'BATANG_KAYU'],
  roofType: ['RUMBIA', 'BAMBU'],
} as const;

/** Whole years between a yyyy-mm-dd birth date and `today` (UTC), or null. */
export function ageOn(birthDate: string | null, today: Date): number | null {
  const m = birthDate ? /^(\d{4})-(\d{2})-(\d{2})/.exec(birthDate) : null;
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let age = today.getUTCFullYear() - y;
  if (today.getUTCMonth() + 1 < mo || (today.getUTCMonth() + 1 === mo && today.getUTCDate() < d)) age--;
  return age;
}

const truthy = (v: unknown) => v === true || (typeof v === 'string' && ['YA', 'TRUE', '1', 'Y'].includes(v.trim().toUpperCase()));

/** Which housing indicators make the house unfit, by their Indonesian label. */
export function unfitHousing(h: SuggestInput['household']): string[] {
  const out: string[] = [];
  for (const [field, codes] of Object.entries(UNFIT) as Array<[keyof typeof UNFIT, readonly string[]]>) {
    const read = readField(HOUSEHOLD_FIELDS[field], h[field]);
    if (read.value !== null && codes.includes(String(read.value)))
      out.push(`${HOUSEHOLD_FIELDS[field].label.id.toLowerCase()} ${String(read.value).toLowerCase().replaceAll('_', ' ')}`);
  }
  return out;
}

export function suggestPrograms(input: SuggestInput): Suggestion[] {
  const has = (code: string, memberId: number | null) =>
    input.receipts.some((r) => r.programCode === code && (memberId === null || r.memberId === memberId || r.memberId === null));
  const open = (code: string, memberId: number | null) =>
    input.openProposals.some((p) => p.programCode === code && p.memberId === memberId);
  const out: Suggestion[] = [];
  const add = (s: Suggestion) => {
    if (!open(s.programCode, s.memberId)) out.push(s);
  };
  for (const m of input.members) {
    const age = ageOn(m.birthDate, input.today);
    if (age !== null && age >= 6 && age <= 21 && !has('PIP', m.id) && !truthy(m.attributes.kip)) {
      add({
        programCode: 'PIP',
        memberId: m.id,
        memberName: m.name,
        reason: { id: `Usia sekolah (${age} tahun) belum menerima PIP`, en: `School age (${age}) without PIP` },
      });
    }
    const insured = has('PBI_JKN', m.id) || has('PBI_DAERAH', m.id) || truthy(m.attributes.pbi) || truthy(m.attributes.jkn);
    if (!insured) {
      add({
        programCode: 'PBI_DAERAH',
        memberId: m.id,
        memberName: m.name,
        reason: { id: 'Belum memiliki jaminan kesehatan (PBI)', en: 'No health insurance (PBI)' },
      });
    }
  }
  const unfit = unfitHousing(input.household);
  if (unfit.length > 0 && !has('RTLH', null)) {
    add({
      programCode: 'RTLH',
      memberId: null,
      memberName: null,
      reason: { id: `Rumah tidak layak huni: ${unfit.join(', ')}`, en: 'Unfit housing' },
    });
  }
  if (input.receipts.length === 0) {
    const reason = { id: 'Belum menerima bantuan apa pun', en: 'No aid at all yet' };
    add({ programCode: 'BLT_DD', memberId: null, memberName: null, reason });
    add({ programCode: 'BANSOS_APBD', memberId: null, memberName: null, reason });
  }
  return out;
}
