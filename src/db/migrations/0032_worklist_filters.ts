import { type Kysely, sql } from 'kysely';

/**
 * Indexes for the verval worklist's filters within one desa: target status (extreme poor
 * only), and the dusun and RT read from the address. The two expressions are those of
 * `households/address.ts` (an expression index is used only by the identical expression).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(String.raw`
    create index household_desa_target_idx on household (desa_code, target_status);
    create index household_desa_dusun_idx on household (desa_code,
      (nullif(btrim(regexp_replace(substring(upper(address) from '\m(?:DUSUN|DSN)\M\.?\s*(.*)$'), '\s*(\mRT\M|\mRW\M|,).*$', '')), '')));
    create index household_desa_rt_idx on household (desa_code,
      (lpad(substring(upper(address) from '\mRT(?:\s*/\s*RW)?\.?\s*0*([0-9]{1,3})\M'), 3, '0')));
  `)
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    drop index household_desa_rt_idx;
    drop index household_desa_dusun_idx;
    drop index household_desa_target_idx;
  `)
    .execute(db);
}
