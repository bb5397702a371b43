import { type Kysely, sql } from 'kysely';

/**
 * Access that follows a penugasan lasts only while its program period runs: a user_role row
 * may carry the dates it is valid on (both inclusive, in the kabupaten's calendar). The
 * sign-in/session lookup ignores rows outside them, so access ends on the day after the
 * period's end without a sweep. Manual grants keep null dates (always valid).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table user_role add column valid_from date;
    alter table user_role add column valid_until date;
    update user_role ur set valid_from = p.start_date, valid_until = p.end_date
      from official_assignment oa join program_period p on p.id = oa.period_id
     where ur.source = 'assignment:' || oa.id;
  `.execute(db);
}
