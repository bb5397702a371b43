import type { RegionChecker } from '../validate/region.js';
import { type CellValue, isBlank, ownCopy } from '../validate/types.js';
import { readDtsenDesil, readText } from '../validate/values.js';
import { csvText, rowHash } from './csv.js';
import type { Emitter } from './emit.js';
import type { RowCheck } from './issues.js';
import { flagOrFalse, optionalDate, optionalSex, readKk, readNik, requireFilled, SeenOnce, textAt } from './p3ke.js';
import { type HouseholdRecord, householdLine, type MemberRecord, memberLine } from './records.js';
import { type ColumnIndex, cellAt, type RowHandler } from './scan.js';

/** BDT codes for "no" next to YA/TIDAK/1/0: 2 = tidak. */
const DTKS_NO = new Set(['2']);

const HUB_KRT: Record<string, string> = {
  '1': 'Kepala rumah tangga',
  '2': 'Istri/suami',
  '3': 'Anak',
  '4': 'Menantu',
  '5': 'Cucu',
  '6': 'Orang tua/mertua',
  '7': 'Pembantu rumah tangga',
  '8': 'Lainnya',
};

const STA_KAWIN: Record<string, string> = {
  '1': 'Belum kawin',
  '2': 'Kawin',
  '3': 'Cerai hidup',
  '4': 'Cerai mati',
};

function codeText(v: CellValue): string | null {
  const t = readText(v);
  return t === null ? null : t.replace(/^'/, '');
}

/**
 * The Kemendagri desa code from the DTKS columns KDPROP, KDKAB, KDKEC, KDDESA (codes may
 * have lost leading zeros in a spreadsheet: 6 → 06, 5 → 0005). KDDESA may also hold the full
 * 10-digit or dotted code. Returns the code as 10 digits, or null when a part is malformed.
 */
export function composeDtksCode(prop: CellValue, kab: CellValue, kec: CellValue, desa: CellValue): string | null {
  const d = codeText(desa);
  if (d && (/^\d{10}$/.test(d) || /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/.test(d))) return d.replace(/\./g, '');
  const p = codeText(prop);
  const k = codeText(kab);
  let c = codeText(kec);
  if (!p || !k || !c || !d) return null;
  if (/^0\d{2}$/.test(c)) c = c.slice(1);
  if (!/^\d{2}$/.test(p) || !/^\d{1,2}$/.test(k) || !/^\d{1,2}$/.test(c) || !/^\d{1,4}$/.test(d)) return null;
  return `${p}${k.padStart(2, '0')}${c.padStart(2, '0')}${d.padStart(4, '0')}`;
}

interface HeadInfo {
  row: number;
  name: string;
  nik: string | null;
  sex: 'L' | 'P' | null;
  birthDate: string | null;
  kk: string | null;
}

interface DtksHousehold {
  desa: string;
  firstRow: number;
  head: HeadInfo | null;
  first: HeadInfo;
  aidPkh: boolean;
  aidBpnt: boolean;
  kks: boolean;
  pbi: boolean;
  kip: boolean;
  /** The desil of a DTSEN release mapped into this layout (the Desil column): the head's, else the first given. */
  desil: number | null;
}

/** The DTKS (BDT) individual export: one member per row, households grouped by IDBDT. */
export class DtksRows implements RowHandler {
  private col: ColumnIndex = {};
  readonly households = new Map<string, DtksHousehold>();
  stored = 0;
  private readonly niks = new SeenOnce(true);
  private readonly ids = new SeenOnce();

  constructor(
    private readonly regions: RegionChecker,
    private readonly out: Emitter,
  ) {}

  start(col: ColumnIndex) {
    this.col = col;
  }

  row(cells: readonly CellValue[], rc: RowCheck) {
    const col = this.col;
    requireFilled(cells, col, ['IDBDT', 'IDARTBDT', 'KDPROP', 'KDKAB', 'KDKEC', 'KDDESA', 'Nama', 'Hub_KRT'], rc);
    const householdId = textAt(cells, col, 'IDBDT');
    const sourceId = textAt(cells, col, 'IDARTBDT');
    const parts = [cellAt(cells, col.KDPROP), cellAt(cells, col.KDKAB), cellAt(cells, col.KDKEC), cellAt(cells, col.KDDESA)] as const;
    let desa: string | null = null;
    if (!parts.some(isBlank)) {
      const code = composeDtksCode(...parts);
      const shown = parts.map((p) => String(p)).join('/');
      const ref = this.regions.desa(code ?? shown, rc.at('KDDESA', shown), 'KDPROP/KDKAB/KDKEC/KDDESA');
      desa = ref?.desa ?? null;
    }
    const existing = householdId ? this.households.get(householdId) : undefined;
    if (existing && desa && existing.desa !== desa) {
      rc.at('KDDESA', desa)(
        'WARNING',
        'MEMBER_REGION_MISMATCH',
        `Wilayah ${desa} berbeda dengan anggota lain rumah tangga ${householdId} (baris ${existing.firstRow}: ${existing.desa}); wilayah rumah tangga yang dipakai`,
      );
      desa = existing.desa;
    }
    const sex = optionalSex(cells, col, 'JnsKel', rc);
    const birthDate = optionalDate(cells, col, 'TglLahir', rc);
    const nikCell = cellAt(cells, col.NIK);
    let nik: string | null = null;
    if (isBlank(nikCell)) rc.at('NIK', nikCell)('WARNING', 'NIK_EMPTY', 'NIK kosong; anggota disimpan tanpa NIK');
    else nik = readNik(nikCell, 'NIK', rc, { kecamatanCode: desa ? desa.slice(0, 8) : null, sex, birthDate });
    const kkCell = cellAt(cells, col.NoKK);
    const kk = isBlank(kkCell) ? null : readKk(kkCell, 'NoKK', rc);
    const hubRaw = textAt(cells, col, 'Hub_KRT');
    const relationship = hubRaw ? (HUB_KRT[hubRaw] ?? hubRaw) : null;
    const isHead = hubRaw === '1' || (relationship?.toUpperCase().includes('KEPALA') ?? false);
    const kawin = textAt(cells, col, 'Sta_kawin');
    const desilCell = cellAt(cells, col.Desil);
    const desil = isBlank(desilCell) ? null : readDtsenDesil(desilCell, rc.at('Desil', desilCell));
    const kks = flagOrFalse(cells, col, 'Ada_kks', rc, DTKS_NO);
    const pbi = flagOrFalse(cells, col, 'Ada_pbi', rc, DTKS_NO);
    const kip = flagOrFalse(cells, col, 'Ada_kip', rc, DTKS_NO);
    const attributes: Record<string, unknown> = { kks, pbi, kip };
    const keberadaan = textAt(cells, col, 'Sta_keberadaan_art');
    if (keberadaan) attributes.keberadaan = keberadaan;
    const pkhNo = textAt(cells, col, 'NoPesertaPKH');
    if (pkhNo) attributes.noPesertaPkh = pkhNo;
    if (kk) attributes.noKk = kk;
    const rec: MemberRecord = {
      householdSourceId: householdId ?? '',
      desaCode: desa ?? '',
      sourceId: sourceId ?? '',
      nik,
      name: textAt(cells, col, 'Nama') ?? '',
      sex,
      relationship,
      birthDate,
      maritalStatus: kawin ? (STA_KAWIN[kawin] ?? kawin) : null,
      occupation: null,
      education: null,
      padanDukcapil: null,
      aidBpnt: flagOrFalse(cells, col, 'Ada_BPNT', rc, DTKS_NO),
      aidBpum: false,
      aidBst: false,
      aidPkh: flagOrFalse(cells, col, 'Ada_pkh', rc, DTKS_NO),
      aidSembako: false,
      stuntingRisk: false,
      attributes: JSON.stringify(attributes),
    };
    if (rc.errors === 0 && sourceId && this.ids.claim(sourceId, 'IDARTBDT', rc, 'IDARTBDT')) {
      if (nik && !this.niks.claim(nik, 'NIK', rc, 'NIK')) this.ids.release(sourceId);
    }
    if (rc.errors > 0 || !householdId || !desa) {
      if (sourceId) this.out.push('kept', `${csvText(sourceId)}\n`);
      return;
    }
    // Kept until the end of the file: copies, not substrings of the chunk (ownCopy).
    const own = (v: string | null) => (v === null ? null : ownCopy(v));
    const info: HeadInfo = { row: rc.row, name: ownCopy(rec.name), nik: own(nik), sex, birthDate: own(birthDate), kk: own(kk) };
    let hh = existing;
    if (!hh) {
      hh = {
        desa,
        firstRow: rc.row,
        head: null,
        first: info,
        aidPkh: false,
        aidBpnt: false,
        kks: false,
        pbi: false,
        kip: false,
        desil: null,
      };
      this.households.set(ownCopy(householdId), hh);
    }
    if (isHead) {
      if (hh.head) {
        rc.at('Hub_KRT', hubRaw)(
          'WARNING',
          'DTKS_SECOND_HEAD',
          `Rumah tangga ${householdId} sudah punya kepala rumah tangga di baris ${hh.head.row}; baris ini disimpan sebagai anggota`,
        );
      } else {
        hh.head = info;
        if (desil !== null) hh.desil = desil;
      }
    }
    if (hh.desil === null) hh.desil = desil;
    hh.aidPkh ||= rec.aidPkh;
    hh.aidBpnt ||= rec.aidBpnt;
    hh.kks ||= kks;
    hh.pbi ||= pbi;
    hh.kip ||= kip;
    const line = memberLine(rec);
    this.out.push('member', `${rc.row},${line},${rowHash(line)}\n`);
    this.stored++;
  }

  /**
   * The households, built once every row is read: the head is the row with Hub_KRT = 1, or
   * the first stored member (with a warning) when the household has none.
   */
  emitHouseholds(rc: RowCheck) {
    for (const [sourceId, hh] of this.households) {
      let head = hh.head;
      if (!head) {
        head = hh.first;
        rc.addFor(
          hh.firstRow,
          'Hub_KRT',
          null,
          'WARNING',
          'DTKS_NO_HEAD',
          `Rumah tangga ${sourceId} tidak punya kepala rumah tangga (Hub_KRT = 1) yang tersimpan; anggota di baris ${head.row} dipakai sebagai kepala`,
        );
      }
      const rec: HouseholdRecord = {
        sourceId,
        desaCode: hh.desa,
        kkNumber: head.kk,
        headName: head.name,
        headNik: head.nik,
        headSex: head.sex,
        headBirthDate: head.birthDate,
        headOccupation: null,
        headEducation: null,
        address: null,
        desil: hh.desil,
        houseOwnership: null,
        roofType: null,
        wallType: null,
        floorType: null,
        lighting: null,
        cookingFuel: null,
        drinkingWater: null,
        toilet: null,
        hasSavings: null,
        padanDukcapil: null,
        aidBpnt: hh.aidBpnt,
        aidBpum: false,
        aidBst: false,
        aidPkh: hh.aidPkh,
        aidSembako: false,
        stuntingRisk: false,
        indicators: JSON.stringify({ kks: hh.kks, pbi: hh.pbi, kip: hh.kip }),
        dataYear: null,
      };
      const line = householdLine(rec);
      this.out.push('household', `${hh.firstRow},${line},${rowHash(line)}\n`);
    }
  }
}
