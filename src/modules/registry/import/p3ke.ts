import { checkKkStructure, checkNikStructure, compareNikWithRecord, readIdentifier } from '../validate/identity.js';
import { type DesaRef, type RegionChecker, reportNameMismatches } from '../validate/region.js';
import { RepeatMap } from '../validate/repeat-map.js';
import { type CellValue, isBlank, ownCopy } from '../validate/types.js';
import { readDate, readDesil, readFlag, readSex, readText, readYear } from '../validate/values.js';
import { csvText, rowHash } from './csv.js';
import { DigitKeyIndex, ShortKeyIndex } from './digit-keys.js';
import type { Emitter } from './emit.js';
import type { RowCheck } from './issues.js';
import {
  type DirectRowContext,
  type HouseholdRecord,
  householdLine,
  initialTargetStatus,
  type MemberRecord,
  memberLine,
} from './records.js';
import { type ColumnIndex, cellAt, type RowHandler } from './scan.js';

/** Report required cells that are blank; true when all are filled. */
export function requireFilled(cells: readonly CellValue[], col: ColumnIndex, names: readonly string[], rc: RowCheck): boolean {
  let ok = true;
  for (const name of names) {
    const v = cellAt(cells, col[name]);
    if (isBlank(v)) {
      rc.at(name, v)('ERROR', 'REQUIRED_EMPTY', `Kolom wajib ${name} kosong`);
      ok = false;
    }
  }
  return ok;
}

/** Read a NIK cell fully: digits, structure, and agreement with the record (warnings). */
export function readNik(
  v: CellValue,
  column: string,
  rc: RowCheck,
  rec: { kecamatanCode: string | null; sex: 'L' | 'P' | null; birthDate: string | null },
): string | null {
  const report = rc.at(column, v);
  const nik = readIdentifier(v, 'NIK', report);
  if (nik === null || !checkNikStructure(nik, report)) return null;
  if (rec.kecamatanCode) compareNikWithRecord(nik, { kecamatanCode: rec.kecamatanCode, sex: rec.sex, birthDate: rec.birthDate }, report);
  return nik;
}

export function readKk(v: CellValue, column: string, rc: RowCheck): string | null {
  const report = rc.at(column, v);
  const kk = readIdentifier(v, 'No KK', report);
  return kk !== null && checkKkStructure(kk, report) ? kk : null;
}

/** An optional flag (blank = null). */
export function flagOrNull(cells: readonly CellValue[], col: ColumnIndex, name: string, rc: RowCheck): boolean | null {
  const v = cellAt(cells, col[name]);
  return isBlank(v) ? null : readFlag(v, rc.at(name, v), name);
}

/** An aid flag: blank or absent = not a recipient. */
export function flagOrFalse(
  cells: readonly CellValue[],
  col: ColumnIndex,
  name: string,
  rc: RowCheck,
  extraNo?: ReadonlySet<string>,
): boolean {
  const v = cellAt(cells, col[name]);
  return isBlank(v) ? false : readFlag(v, rc.at(name, v), name, extraNo) === true;
}

export function optionalDate(cells: readonly CellValue[], col: ColumnIndex, name: string, rc: RowCheck): string | null {
  const v = cellAt(cells, col[name]);
  return isBlank(v) ? null : readDate(v, rc.at(name, v), 'Tanggal lahir');
}

export function optionalSex(cells: readonly CellValue[], col: ColumnIndex, name: string, rc: RowCheck): 'L' | 'P' | null {
  const v = cellAt(cells, col[name]);
  return isBlank(v) ? null : readSex(v, rc.at(name, v));
}

export function textAt(cells: readonly CellValue[], col: ColumnIndex, name: string): string | null {
  return readText(cellAt(cells, col[name]));
}

/**
 * Remembers stored values per key (NIK, source id) and rejects a later row repeating one,
 * naming both rows: the second row gets an ERROR, the first a WARNING pointing at it.
 */
export class SeenOnce {
  /** 16-digit keys (NIK) and other short ids live in compact typed-array tables. */
  private readonly digits: DigitKeyIndex | null;
  private readonly ids: ShortKeyIndex | null;

  constructor(sixteenDigits = false) {
    this.digits = sixteenDigits ? new DigitKeyIndex() : null;
    this.ids = sixteenDigits ? null : new ShortKeyIndex();
  }

  /** True when `key` is new (and now remembered); false after reporting the repeat. */
  claim(key: string, column: string, rc: RowCheck, what: string): boolean {
    const first = this.digits ? this.digits.firstOrAdd(key, rc.row) : (this.ids?.firstOrAdd(key, rc.row) ?? 0);
    if (first === 0) return true;
    rc.at(column, key)('ERROR', 'DUPLICATE', `${what} ${key} sudah dipakai di baris ${first}; baris ini tidak disimpan`);
    rc.addFor(first, column, key, 'WARNING', 'DUPLICATE', `${what} ${key} muncul lagi di baris ${rc.row} (baris itu ditolak)`);
    return false;
  }

  /** The row that holds `key`, which must have been claimed. */
  firstRow(key: string): number {
    return this.digits ? this.digits.firstOrAdd(key, 1) : (this.ids?.firstOrAdd(key, 1) ?? 0);
  }

  /** The row that holds a 16-digit `key`, 0 when none does; nothing is recorded. */
  rowOf(key: string): number {
    return this.digits?.rowOf(key) ?? 0;
  }

  /** Forget a (non-NIK) key claimed by a row that turned out to be rejected. */
  release(key: string) {
    this.ids?.delete(key);
  }
}

function regionOf(cells: readonly CellValue[], col: ColumnIndex, rc: RowCheck, regions: RegionChecker): DesaRef | null {
  const v = cellAt(cells, col.kode_kemdagri);
  const ref = regions.desa(v, rc.at('kode_kemdagri', v));
  if (!ref) return null;
  const found = regions.checkNames(ref, {
    provinsi: textAt(cells, col, 'provinsi'),
    kabupaten: textAt(cells, col, 'kabupaten_kota'),
    kecamatan: textAt(cells, col, 'kecamatan'),
    desa: textAt(cells, col, 'desa_kelurahan'),
  });
  if (found.length) reportNameMismatches(found, (column) => rc.at(column, textAt(cells, col, column)));
  return ref;
}

const FAMILY_REQUIRED = ['id_keluarga_p3ke', 'kode_kemdagri', 'desil_kesejahteraan', 'kepala_keluarga', 'nik'] as const;
const MEMBER_REQUIRED = ['id_keluarga_p3ke', 'id_individu', 'nama', 'nik'] as const;

/**
 * A first load written straight into the registry (direct.ts): households get ids from
 * `householdIdBase` on, in file order, and the member count of the precount (precount.ts);
 * `memberCountFixes` lists the households whose stored members differ from that count.
 */
export interface DirectLoad extends DirectRowContext {
  householdIdBase: number;
  precount: Map<string, number>;
}

/** Household ids and the member counts to write over the precounted ones (same order). */
export interface MemberCountFixes {
  ids: number[];
  counts: number[];
}

/** The P3KE family file: one household per row. */
export class P3keFamilies implements RowHandler {
  private col: ColumnIndex = {};
  /** id_keluarga_p3ke → the stored household's position in the file (0, 1, …). */
  private readonly position = new RepeatMap<number>();
  /** The desa code of each stored household, by position. */
  private readonly desaCodes: string[] = [];
  /** A first load: the member count each household was written with, by position. */
  private readonly countWritten: number[] = [];
  /** id_keluarga_p3ke → row number, for families that were rejected. */
  readonly rejected = new Map<string, number>();
  /**
   * Positions of households written and then withdrawn because a later row used their family
   * id again (FAMILY_ID_CONFLICT); and those ids, so a third row with one is refused as well.
   */
  readonly withdrawn: number[] = [];
  private readonly conflicted = new Set<string>();
  private readonly niks = new SeenOnce(true);
  private readonly ids = new SeenOnce();

  constructor(
    private readonly regions: RegionChecker,
    private readonly out: Emitter,
    readonly direct?: DirectLoad,
  ) {}

  get stored(): number {
    return this.desaCodes.length - this.withdrawn.length;
  }

  /** Households written (withdrawn ones included): the positions handed out. */
  get written(): number {
    return this.desaCodes.length;
  }

  /** The stored household's position in the file, or undefined when it was not stored. */
  positionOf(familyId: string): number | undefined {
    return this.position.get(familyId);
  }

  desaAt(position: number): string {
    return this.desaCodes[position] ?? '';
  }

  /** A first load: the households written with another member count than `stored`, and their counts. */
  memberCountFixes(stored: Int32Array): MemberCountFixes {
    const base = this.direct?.householdIdBase ?? 0;
    const fixes: MemberCountFixes = { ids: [], counts: [] };
    for (let i = 0; i < this.countWritten.length; i++) {
      const n = stored[i] ?? 0;
      if (n === this.countWritten[i]) continue;
      fixes.ids.push(base + i);
      fixes.counts.push(n);
    }
    return fixes;
  }

  start(col: ColumnIndex) {
    this.col = col;
  }

  row(cells: readonly CellValue[], rc: RowCheck) {
    const col = this.col;
    requireFilled(cells, col, FAMILY_REQUIRED, rc);
    const sourceId = textAt(cells, col, 'id_keluarga_p3ke');
    const ref = isBlank(cellAt(cells, col.kode_kemdagri)) ? null : regionOf(cells, col, rc, this.regions);
    const desilCell = cellAt(cells, col.desil_kesejahteraan);
    const desil = isBlank(desilCell) ? null : readDesil(desilCell, rc.at('desil_kesejahteraan', desilCell));
    const sex = optionalSex(cells, col, 'jenis_kelamin', rc);
    const birthDate = optionalDate(cells, col, 'tanggal_lahir', rc);
    const nikCell = cellAt(cells, col.nik);
    const nik = isBlank(nikCell) ? null : readNik(nikCell, 'nik', rc, { kecamatanCode: ref?.kecamatan ?? null, sex, birthDate });
    const kkCell = cellAt(cells, col.no_kk);
    const kk = isBlank(kkCell) ? null : readKk(kkCell, 'no_kk', rc);
    const yearCell = cellAt(cells, col.tahun);
    const year = isBlank(yearCell) ? null : readYear(yearCell, rc.at('tahun', yearCell));
    const rec: HouseholdRecord = {
      sourceId: sourceId ?? '',
      desaCode: ref?.desa ?? '',
      kkNumber: kk,
      headName: textAt(cells, col, 'kepala_keluarga') ?? '',
      headNik: nik,
      headSex: sex,
      headBirthDate: birthDate,
      headOccupation: textAt(cells, col, 'pekerjaan'),
      headEducation: textAt(cells, col, 'pendidikan'),
      address: textAt(cells, col, 'alamat'),
      desil,
      houseOwnership: textAt(cells, col, 'kepemilikan_rumah'),
      roofType: textAt(cells, col, 'jenis_atap'),
      wallType: textAt(cells, col, 'jenis_dinding'),
      floorType: textAt(cells, col, 'jenis_lantai'),
      lighting: textAt(cells, col, 'sumber_penerangan'),
      cookingFuel: textAt(cells, col, 'bahan_bakar_memasak'),
      drinkingWater: textAt(cells, col, 'sumber_air_minum'),
      toilet: textAt(cells, col, 'memiliki_fasilitas_buang_air_besar'),
      hasSavings: flagOrNull(cells, col, 'memiliki_simpanan_uang_perhiasan_ternak_lainnya', rc),
      padanDukcapil: flagOrNull(cells, col, 'padan_dukcapil', rc),
      aidBpnt: flagOrFalse(cells, col, 'penerima_bpnt', rc),
      aidBpum: flagOrFalse(cells, col, 'penerima_bpum', rc),
      aidBst: flagOrFalse(cells, col, 'penerima_bst', rc),
      aidPkh: flagOrFalse(cells, col, 'penerima_pkh', rc),
      aidSembako: flagOrFalse(cells, col, 'penerima_sembako', rc),
      stuntingRisk: flagOrFalse(cells, col, 'resiko_stunting', rc),
      indicators: '{}',
      dataYear: year,
    };
    if (sourceId && (this.position.has(sourceId) || (this.conflicted.size > 0 && this.conflicted.has(sourceId)))) {
      // The same family listed again (its head's NIK held by the row that holds the id) is a
      // plain repeat, rejected below; another family under the same id is a conflict.
      const sameHead = nik !== null && this.niks.rowOf(nik) === this.ids.firstRow(sourceId) && this.position.has(sourceId);
      if (!sameHead) {
        this.conflict(sourceId, rc);
        return;
      }
    }
    // Repeats are checked last, so a key is only held by a row that is otherwise valid.
    if (rc.errors === 0 && sourceId && nik && this.ids.claim(sourceId, 'id_keluarga_p3ke', rc, 'id_keluarga_p3ke')) {
      if (!this.niks.claim(nik, 'nik', rc, 'NIK')) this.ids.release(sourceId);
    }
    if (rc.errors > 0) {
      if (sourceId && !this.position.has(sourceId)) this.rejected.set(ownCopy(sourceId), rc.row);
      return;
    }
    const line = householdLine(rec);
    const position = this.desaCodes.length;
    this.position.set(ownCopy(rec.sourceId), position);
    this.desaCodes.push(rec.desaCode);
    const direct = this.direct;
    if (!direct) {
      this.out.push('household', `${rc.row},${line},${rowHash(line)}\n`);
      return;
    }
    const members = direct.precount.get(rec.sourceId) ?? 0;
    this.countWritten.push(members);
    this.out.push(
      'household',
      `${direct.householdIdBase + position},${direct.source},${line},${rowHash(line)},${members},${csvText(direct.edition)},${direct.importId},${initialTargetStatus(desil)}\n`,
    );
  }
  /**
   * A family id already held by a stored row: the individual file lists members by family id
   * only, so which members belong to which of the two rows cannot be told. Neither family is
   * stored (the first one is withdrawn: its staged row is dropped before the merge, or, on a
   * first load, its household deleted before the commit), both rows get the error, and the
   * members with that id are refused as members of a rejected family.
   */
  private conflict(id: string, rc: RowCheck) {
    const position = this.position.get(id);
    const first = position === undefined ? (this.rejected.get(id) ?? 0) : this.ids.firstRow(id);
    rc.at('id_keluarga_p3ke', id)(
      'ERROR',
      'FAMILY_ID_CONFLICT',
      `id_keluarga_p3ke ${id} sudah dipakai di baris ${first}; anggota kedua keluarga tidak bisa dipisahkan, keduanya tidak disimpan`,
    );
    if (position === undefined) return;
    rc.addFor(
      first,
      'id_keluarga_p3ke',
      id,
      'ERROR',
      'FAMILY_ID_CONFLICT',
      `id_keluarga_p3ke ${id} dipakai lagi di baris ${rc.row}; anggota kedua keluarga tidak bisa dipisahkan, keduanya tidak disimpan`,
    );
    this.position.delete(id);
    this.withdrawn.push(position);
    this.conflicted.add(ownCopy(id));
    this.rejected.set(ownCopy(id), first);
  }
}

/** The P3KE individual file: one member per row, each belonging to a family of the family file. */
export class P3keMembers implements RowHandler {
  private col: ColumnIndex = {};
  stored = 0;
  /** A first load: stored members per household position. */
  private perHousehold = new Int32Array(0);
  private readonly niks = new SeenOnce(true);
  private readonly ids = new SeenOnce();

  constructor(
    private readonly families: P3keFamilies,
    private readonly regions: RegionChecker,
    private readonly out: Emitter,
  ) {}

  start(col: ColumnIndex) {
    this.col = col;
    if (this.families.direct) this.perHousehold = new Int32Array(this.families.written);
  }

  /** A first load: the households whose written member count was off, and their stored counts. */
  memberCountFixes(): MemberCountFixes {
    return this.families.memberCountFixes(this.perHousehold);
  }

  row(cells: readonly CellValue[], rc: RowCheck) {
    const col = this.col;
    requireFilled(cells, col, MEMBER_REQUIRED, rc);
    const familyId = textAt(cells, col, 'id_keluarga_p3ke');
    const sourceId = textAt(cells, col, 'id_individu');
    let desa: string | null = null;
    let position: number | undefined;
    if (familyId) {
      position = this.families.positionOf(familyId);
      if (position !== undefined) desa = this.families.desaAt(position);
      else {
        const rejectedAt = this.families.rejected.get(familyId);
        rc.at('id_keluarga_p3ke', familyId)(
          'ERROR',
          rejectedAt === undefined ? 'FAMILY_MISSING' : 'FAMILY_REJECTED',
          rejectedAt === undefined
            ? `Keluarga ${familyId} tidak ada di berkas keluarga; anggota ini tidak disimpan`
            : `Keluarga ${familyId} ditolak (baris ${rejectedAt} berkas keluarga); anggota ini tidak disimpan`,
        );
      }
    }
    const codeCell = cellAt(cells, col.kode_kemdagri);
    if (!isBlank(codeCell)) {
      const ref = regionOf(cells, col, rc, this.regions);
      if (ref && desa && ref.desa !== desa) {
        rc.at('kode_kemdagri', codeCell)(
          'WARNING',
          'MEMBER_REGION_MISMATCH',
          `Kode wilayah anggota (${ref.desa}) berbeda dengan keluarganya (${desa}); wilayah keluarga yang dipakai`,
        );
      }
    }
    const sex = optionalSex(cells, col, 'jenis_kelamin', rc);
    const birthDate = optionalDate(cells, col, 'tanggal_lahir', rc);
    const nikCell = cellAt(cells, col.nik);
    const nik = isBlank(nikCell) ? null : readNik(nikCell, 'nik', rc, { kecamatanCode: desa ? desa.slice(0, 8) : null, sex, birthDate });
    const rec: MemberRecord = {
      householdSourceId: familyId ?? '',
      desaCode: desa ?? '',
      sourceId: sourceId ?? '',
      nik,
      name: textAt(cells, col, 'nama') ?? '',
      sex,
      relationship: textAt(cells, col, 'hubungan_dengan_kepala_keluarga'),
      birthDate,
      maritalStatus: textAt(cells, col, 'status_kawin'),
      occupation: textAt(cells, col, 'pekerjaan'),
      education: textAt(cells, col, 'pendidikan'),
      padanDukcapil: flagOrNull(cells, col, 'padan_dukcapil', rc),
      aidBpnt: flagOrFalse(cells, col, 'penerima_bpnt', rc),
      aidBpum: flagOrFalse(cells, col, 'penerima_bpum', rc),
      aidBst: flagOrFalse(cells, col, 'penerima_bst', rc),
      aidPkh: flagOrFalse(cells, col, 'penerima_pkh', rc),
      aidSembako: flagOrFalse(cells, col, 'penerima_sembako', rc),
      stuntingRisk: flagOrFalse(cells, col, 'resiko_stunting', rc),
      attributes: '{}',
    };
    if (rc.errors === 0 && sourceId && nik && this.ids.claim(sourceId, 'id_individu', rc, 'id_individu')) {
      if (!this.niks.claim(nik, 'nik', rc, 'NIK')) this.ids.release(sourceId);
    }
    const direct = this.families.direct;
    if (rc.errors > 0) {
      // An existing member is never removed because its row in a newer release was rejected.
      if (sourceId && !direct) this.out.push('kept', `${csvText(sourceId)}\n`);
      return;
    }
    const line = memberLine(rec);
    this.stored++;
    if (!direct || position === undefined) {
      this.out.push('member', `${rc.row},${line},${rowHash(line)}\n`);
      return;
    }
    this.perHousehold[position] = (this.perHousehold[position] ?? 0) + 1;
    // The line without its first column (the family id, which the household id replaces).
    const data = line.slice(csvText(rec.householdSourceId).length + 1);
    this.out.push('member', `${direct.householdIdBase + position},${direct.source},${data},${rowHash(line)},${direct.importId}\n`);
  }
}
