import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { ROLE_LABELS, ROLE_LEVELS, ROLES, type Role } from '../access/roles.js';
import { regionWithin } from '../access/scope.js';
import type { AuditActor } from '../audit/service.js';
import type { RawRow } from '../registry/import/reader.js';
import type { CellValue } from '../registry/validate/types.js';
import { insertPlanned, type Planned, personalName, pickUsername, slug } from './bulk.js';
import type { Slip } from './slips.js';

/**
 * `sasmita user import FILE`: accounts from a prepared list (CSV or XLSX) with the columns
 * nama, username (optional: made from the name), peran (code or label) and kode wilayah.
 * Every row is checked first; one bad row and nothing is created (the report names each bad
 * row by its number as the spreadsheet shows it, and why). Otherwise all accounts are created
 * in one transaction with initial passwords the users must change at first sign-in.
 */

export interface ImportProblem {
  row: number;
  reason: string;
}

export interface UserImportResult {
  created: Slip[];
  problems: ImportProblem[];
}

const COLUMN_ALIASES: Record<'name' | 'username' | 'role' | 'region', string[]> = {
  name: ['nama', 'nama lengkap', 'name'],
  username: ['username', 'nama pengguna', 'user'],
  role: ['peran', 'role'],
  region: ['kode wilayah', 'kode_wilayah', 'wilayah', 'region', 'kode'],
};

const norm = (v: CellValue | undefined) => (v === null || v === undefined ? '' : String(v)).trim();
const key = (v: string) =>
  v
    .toLowerCase()
    .replace(/[_\s]+/g, ' ')
    .trim();

function roleOf(value: string): Role | null {
  const k = key(value).replace(/ /g, '_');
  if ((ROLES as readonly string[]).includes(k)) return k as Role;
  const byLabel = ROLES.find((r) => key(ROLE_LABELS[r].id) === key(value) || key(ROLE_LABELS[r].en) === key(value));
  return byLabel ?? null;
}

const USERNAME = /^[a-zA-Z0-9._-]{3,50}$/;

export async function importUsers(db: Kysely<DB>, kabupatenCode: string, rows: RawRow[], actor: AuditActor): Promise<UserImportResult> {
  const [header, ...data] = rows;
  if (!header) return { created: [], problems: [{ row: 1, reason: 'Berkas kosong' }] };
  const heads = header.cells.map((c) => key(norm(c)));
  const col = Object.fromEntries(
    Object.entries(COLUMN_ALIASES).map(([k, names]) => [k, heads.findIndex((h) => names.includes(h))]),
  ) as Record<keyof typeof COLUMN_ALIASES, number>;
  const missing = (['name', 'role', 'region'] as const).filter((k) => col[k] < 0);
  if (missing.length) {
    const names = missing.map((k) => COLUMN_ALIASES[k][0]).join(', ');
    return { created: [], problems: [{ row: header.n, reason: `Kolom wajib tidak ada: ${names}` }] };
  }
  const regions = new Map(
    (await db.selectFrom('region').select(['code', 'name', 'level']).where('code', 'like', `${kabupatenCode}%`).execute()).map((r) => [
      r.code,
      r,
    ]),
  );
  const taken = new Set((await db.selectFrom('app_user').select(sql<string>`lower(username)`.as('u')).execute()).map((r) => r.u));
  const inFile = new Set<string>();
  const problems: ImportProblem[] = [];
  const planned: Planned[] = [];
  const cell = (r: RawRow, i: number) => (i < 0 ? '' : norm(r.cells[i]));
  const wanted = data.filter((r) => r.cells.some((c) => norm(c) !== ''));
  // Usernames given in the file are reserved first, so a generated one never takes them.
  for (const r of wanted) {
    const u = cell(r, col.username).toLowerCase();
    if (u) inFile.add(u);
  }
  const seen = new Set<string>();
  for (const r of wanted) {
    const why: string[] = [];
    const fullName = cell(r, col.name);
    const role = roleOf(cell(r, col.role));
    const regionCode = cell(r, col.region);
    let username = cell(r, col.username);
    if (!fullName) why.push('nama kosong');
    if (fullName.length > 200) why.push('nama lebih dari 200 karakter');
    if (!role) why.push(`peran tidak dikenal: "${cell(r, col.role)}" (gunakan ${ROLES.join(', ')})`);
    const region = regions.get(regionCode);
    if (!region || !regionWithin(regionCode, kabupatenCode)) why.push(`kode wilayah tidak dikenal di kabupaten ini: "${regionCode}"`);
    else if (role && (region.level < ROLE_LEVELS[role].min || region.level > ROLE_LEVELS[role].max)) {
      why.push(`peran ${role} tidak dapat diberikan pada tingkat wilayah ${regionCode}`);
    }
    if (username) {
      if (!USERNAME.test(username))
        why.push(`nama pengguna tidak sah: "${username}" (3–50 huruf, angka, titik, garis bawah, tanda hubung)`);
      else if (taken.has(username.toLowerCase())) why.push(`nama pengguna sudah dipakai: ${username}`);
      else if (seen.has(username.toLowerCase())) why.push(`nama pengguna ganda dalam berkas: ${username}`);
      seen.add(username.toLowerCase());
    }
    if (why.length) {
      problems.push({ row: r.n, reason: why.join('; ') });
      continue;
    }
    if (!username) {
      const parts = slug(personalName(fullName)).split('-').filter(Boolean);
      const base = parts.length > 1 ? `${parts[0]}.${parts[parts.length - 1]}` : (parts[0] ?? 'pengguna');
      username = pickUsername([base.length >= 3 ? base : `${base}.akun`], new Set([...taken, ...inFile]));
      inFile.add(username.toLowerCase());
    }
    const rr = region as { code: string; name: string };
    planned.push({
      username,
      fullName,
      role: role as Role,
      regionCode: rr.code,
      regionName: rr.name,
    });
  }
  if (problems.length) return { created: [], problems };
  if (planned.length === 0) return { created: [], problems: [{ row: header.n, reason: 'Tidak ada baris akun' }] };
  // The same insert as the bulk creation: generated passwords, users and roles, one audit entry.
  const created = await db.transaction().execute((trx) => insertPlanned(trx, planned, actor, 'import'));
  return { created, problems: [] };
}
