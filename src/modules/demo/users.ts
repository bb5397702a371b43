import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Role } from '../access/roles.js';
import type { AuditActor } from '../audit/service.js';
import { generatePassword } from '../users/password.js';
import { createUser, findUserIdByUsername } from '../users/service.js';

export interface DemoAccount {
  username: string;
  role: Role;
  regionCode: string;
  regionName: string;
  /** Shown once; undefined when the account already existed and was left alone. */
  password?: string;
}

/** "Banyuanyar Kidul" → "banyuanyarkidul": a username part from a region name. */
function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/^(kabupaten|kota)\s+/, '')
    .replace(/[^a-z0-9]/g, '');
}

/**
 * The regions the demo accounts sit on: in Kabupaten Probolinggo desa Alassapi (35.13.06.2005)
 * of kecamatan Banyuanyar (35.13.06); elsewhere the first kecamatan and its first desa.
 */
async function demoRegions(db: Kysely<DB>, kabupatenCode: string) {
  const regions = await db
    .selectFrom('region')
    .select(['code', 'name', 'level', 'parent_code'])
    .where((eb) => eb.or([eb('code', '=', kabupatenCode), eb('code', 'like', `${kabupatenCode}.%`)]))
    .orderBy('code')
    .execute();
  const kabupaten = regions.find((r) => r.code === kabupatenCode);
  const desa =
    regions.find((r) => r.code === `${kabupatenCode}.06.2005`) ??
    regions.find((r) => r.level === 4 && r.code.startsWith(`${kabupatenCode}.`));
  const kecamatan = regions.find((r) => r.code === desa?.parent_code);
  if (!kabupaten || !kecamatan || !desa) throw new Error(`region tree of ${kabupatenCode} is not loaded`);
  return { kabupaten, kecamatan, desa };
}

/**
 * Accounts that let someone trying the demo see region scoping: an operator desa, an operator
 * kecamatan and a pimpinan (read-only), each with a generated password returned once.
 * Existing accounts of the same name are left as they are.
 */
export async function createDemoAccounts(db: Kysely<DB>, kabupatenCode: string, actor: AuditActor): Promise<DemoAccount[]> {
  const { kabupaten, kecamatan, desa } = await demoRegions(db, kabupatenCode);
  const plan: Array<{ username: string; fullName: string; role: Role; region: { code: string; name: string } }> = [
    { username: `desa.${slug(desa.name)}`, fullName: `Operator Desa ${desa.name} (demo)`, role: 'operator_desa', region: desa },
    {
      username: `kecamatan.${slug(kecamatan.name)}`,
      fullName: `Operator Kecamatan ${kecamatan.name} (demo)`,
      role: 'operator_kecamatan',
      region: kecamatan,
    },
    { username: `pimpinan.${slug(kabupaten.name)}`, fullName: `Pimpinan ${kabupaten.name} (demo)`, role: 'pimpinan', region: kabupaten },
  ];
  const accounts: DemoAccount[] = [];
  for (const p of plan) {
    const account: DemoAccount = { username: p.username, role: p.role, regionCode: p.region.code, regionName: p.region.name };
    if (!(await findUserIdByUsername(db, p.username))) {
      const password = generatePassword();
      await createUser(
        db,
        { username: p.username, fullName: p.fullName, password, roles: [{ role: p.role, regionCode: p.region.code }] },
        null,
        actor,
      );
      account.password = password;
    }
    accounts.push(account);
  }
  return accounts;
}
