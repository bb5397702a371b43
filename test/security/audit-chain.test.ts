import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { extractText } from 'unpdf';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createScratchDatabase, onServer } from '../../src/db/scratch.js';
import { type AuditAnchor, anchorDeps, anchorLine, takeAnchor } from '../../src/modules/audit/anchor.js';
import { verifyAuditChain } from '../../src/modules/audit/service.js';
import { verifyAudit } from '../../src/modules/audit/verify.js';
import { finaliseDecree } from '../../src/modules/decree/service.js';
import { matchExternalList } from '../../src/modules/matching/external.js';
import { loadKabupaten } from '../../src/modules/regions/service.js';
import { suspendIndexes } from '../../src/modules/registry/import/load.js';
import { createUser } from '../../src/modules/users/service.js';
import { asTableOwner, recomputeChain } from '../helpers/audit-tamper.js';
import { freshPostgres, runCli, tempDataDir } from '../helpers/cli.js';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Issue 20, item 6: the audit chain must notice its last entries deleted and a chain
 * recomputed after an edit (anchors outside the table), the database must refuse rewriting
 * audit rows, and on PostgreSQL the runtime role may not rewrite them nor disable the
 * decree's triggers.
 */

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function server(): Promise<{ s: TestServer; admin: Client }> {
  const s = await startTestServer();
  servers.push(s);
  const admin = await s.userClient(`admin.${randomBytes(3).toString('hex')}`, [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  return { s, admin };
}

/** A few audited writes (users created through the service), so the chain has a middle and an end. */
async function auditedWrites(s: TestServer, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await createUser(
      s.ctx.db,
      {
        username: `op.${randomBytes(4).toString('hex')}`,
        fullName: 'Operator',
        password: 'uji-coba-123',
        roles: [{ role: 'operator_desa', regionCode: '35.13.06.2005' }],
      },
      null,
      SYSTEM_ACTOR,
    );
  }
}

async function anchorNow(admin: Client): Promise<AuditAnchor> {
  const res = await admin.post('/api/v1/audit/anchors');
  expect(res.status).toBe(201);
  return res.body.anchor;
}

describe('anchors catch what the chain alone cannot', () => {
  it('(a) deleting the last entries fails verify, naming the anchor and the first deleted entry', async () => {
    const { s, admin } = await server();
    await auditedWrites(s, 4);
    const anchor = await anchorNow(admin);
    expect(anchor.lastId).toBeGreaterThan(3);
    expect((await admin.get('/api/v1/audit/verify')).body).toMatchObject({ ok: true, checked: anchor.lastId });

    await asTableOwner(s.ctx.db, (trx) =>
      trx
        .deleteFrom('audit_log')
        .where('id', '>=', anchor.lastId - 1)
        .execute(),
    );
    // The chain alone still checks: this was the hole.
    expect(await verifyAuditChain(s.ctx.db)).toMatchObject({ ok: true, checked: anchor.lastId - 2 });
    const res = await admin.get('/api/v1/audit/verify');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: false, firstBadId: anchor.lastId - 1, anchor: { id: anchor.id, lastId: anchor.lastId } });
    expect(res.body.reason).toContain(`anchor #${anchor.id}`);
    expect(res.body.reason).toContain(`entries ${anchor.lastId - 1}–${anchor.lastId} were deleted`);
  });

  it('(b) editing an entry and recomputing every later hash fails verify, naming the anchor and the entries', async () => {
    const { s, admin } = await server();
    await auditedWrites(s, 3);
    const anchor = await anchorNow(admin);
    await auditedWrites(s, 2);
    const target = anchor.lastId - 1;
    await asTableOwner(s.ctx.db, async (trx) => {
      await trx.updateTable('audit_log').set({ actor_name: 'orang-lain' }).where('id', '=', target).execute();
      await recomputeChain(trx, target);
    });
    expect((await verifyAuditChain(s.ctx.db)).ok).toBe(true);
    const res = await verifyAudit(s.ctx.db, s.ctx.config);
    expect(res.ok).toBe(false);
    expect(res.anchor?.id).toBe(anchor.id);
    expect(res.firstBadId).toBeLessThanOrEqual(target);
    expect(res.reason).toContain(`entries ${res.firstBadId}–${anchor.lastId} were changed after the anchor was taken`);
  });

  it('(c) the anchor file catches a rewritten anchor table; a forged anchor and a lost one are named', async () => {
    const { s, admin } = await server();
    await auditedWrites(s, 3);
    const anchor = await anchorNow(admin);
    const file = s.ctx.config.auditAnchorFile;
    expect(fs.readFileSync(file, 'utf8')).toContain(`"id":${anchor.id},`);

    // An anchor row altered in the table: its signature no longer checks.
    await asTableOwner(s.ctx.db, (trx) => trx.updateTable('audit_anchor').set({ last_id: 1 }).where('id', '=', anchor.id).execute());
    let res = await verifyAudit(s.ctx.db, s.ctx.config);
    expect(res).toMatchObject({ ok: false, anchor: { id: anchor.id, source: 'tabel audit_anchor' } });
    expect(res.reason).toContain('forged or altered');

    // Every anchor row deleted and the chain recomputed after an edit: the file still holds the head.
    await asTableOwner(s.ctx.db, async (trx) => {
      await trx.deleteFrom('audit_anchor').execute();
      await trx.updateTable('audit_log').set({ action: 'user.innocent' }).where('id', '=', 2).execute();
      await recomputeChain(trx, 2);
    });
    res = await verifyAudit(s.ctx.db, s.ctx.config);
    expect(res).toMatchObject({ ok: false, anchor: { id: anchor.id, source: file } });
    expect(res.reason).toContain('were changed after the anchor was taken');
  });

  it('(c) a lost table anchor is named even when the chain is intact', async () => {
    const { s, admin } = await server();
    await auditedWrites(s, 2);
    const anchor = await anchorNow(admin);
    await asTableOwner(s.ctx.db, (trx) => trx.deleteFrom('audit_anchor').where('id', '=', anchor.id).execute());
    const res = await verifyAudit(s.ctx.db, s.ctx.config);
    expect(res).toMatchObject({ ok: false, anchor: { id: anchor.id, source: s.ctx.config.auditAnchorFile } });
    expect(res.reason).toContain('missing from the audit_anchor table');
  });

  it('(c) `sasmita audit verify --anchors` checks a copy kept elsewhere when the table and the local file were both rewritten', async () => {
    const dir = tempDataDir();
    const pg = await freshPostgres();
    const env = { SASMITA_DATA_DIR: dir, DATABASE_URL: pg?.url ?? '' };
    try {
      expect((await runCli(['regions', 'load', '--kabupaten', '35.13'], env)).code).toBe(0);
      expect((await runCli(['user', 'add', 'op.a', '--role', 'operator_desa', '--region', '35.13.06.2005'], env)).code).toBe(0);
      const anchored = await runCli(['audit', 'anchor'], env);
      expect(anchored.code).toBe(0);
      expect(anchored.stdout).toMatch(/Jejak audit: #\d+ · [0-9a-f]{16}…/);
      expect(fs.statSync(path.join(dir, 'audit-anchor.key')).mode & 0o777).toBe(0o600);
      const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sasmita-anchor-copy-')), 'anchors.jsonl');
      fs.copyFileSync(path.join(dir, 'audit-anchors.jsonl'), copy);
      expect((await runCli(['user', 'add', 'op.b', '--role', 'operator_desa', '--region', '35.13.06.2005'], env)).code).toBe(0);
      const clean = await runCli(['audit', 'verify', '--anchors', copy], env);
      expect(clean.code).toBe(0);
      expect(clean.stdout).toMatch(/Log audit utuh: \d+ entri diperiksa; 3 jangkar cocok/);

      const database = await openDatabase(pg ? { databaseUrl: pg.url } : { pgliteDir: path.join(dir, 'pgdata') });
      await asTableOwner(database.db, async (trx) => {
        await trx.deleteFrom('audit_anchor').execute();
        await trx.updateTable('audit_log').set({ action: 'user.innocent' }).where('id', '=', 2).execute();
        await recomputeChain(trx, 2);
      });
      await database.close();
      const caught = await runCli(['audit', 'verify'], env);
      expect(caught.code).toBe(1);
      expect(caught.stderr).toContain('audit-anchors.jsonl');
      expect(caught.stderr).toContain('were changed after the anchor was taken');
      // The local file is gone too: only the copy kept elsewhere still knows the head.
      fs.rmSync(path.join(dir, 'audit-anchors.jsonl'));
      expect((await runCli(['audit', 'verify'], env)).code).toBe(0);
      const external = await runCli(['audit', 'verify', '--anchors', copy], env);
      expect(external.code).toBe(1);
      expect(external.stderr).toContain(`anchor #1 (${copy}`);
      expect(external.stderr).toMatch(/entry 1: .*entries 1–\d+ were changed/);
      const missing = await runCli(['audit', 'verify', '--anchors', path.join(dir, 'nope.jsonl')], env);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('anchor file not found');
    } finally {
      await pg?.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});

describe('(d) the database refuses rewriting audit rows', () => {
  it('refuses UPDATE, DELETE and TRUNCATE on audit_log and audit_anchor', async () => {
    const { s, admin } = await server();
    await anchorNow(admin);
    for (const statement of [
      `update audit_log set actor_name = 'x' where id = 1`,
      'delete from audit_log where id = (select max(id) from audit_log)',
      'truncate audit_log',
      `update audit_anchor set reason = 'x'`,
      'delete from audit_anchor',
      'truncate audit_anchor',
    ]) {
      await expect(sql.raw(statement).execute(s.ctx.db), statement).rejects.toThrow(/is append-only: (UPDATE|DELETE|TRUNCATE) refused/);
    }
    expect((await verifyAudit(s.ctx.db, s.ctx.config)).ok).toBe(true);
  });
});

describe('(f) the SK lampiran and the quarterly report print the anchor', () => {
  it('prints the anchor taken at the decree’s finalisation on the lampiran and the latest one on the quarterly report', async () => {
    const { s, admin } = await server();
    await insertHouseholds(s.ctx.db, [
      { desaCode: '35.13.06.2005', headName: 'SITI AMINAH', headNik: '3513062005800001', desil: 1, targetStatus: 'MISKIN_EKSTREM' },
    ]);
    const res = await admin.post('/api/v1/decrees', {
      number: '400/9/2026',
      decreeDate: '2026-03-10',
      title: 'Penetapan Keluarga Sasaran Miskin Ekstrem',
      signatoryName: 'Bupati Uji',
      signatoryPosition: 'Bupati Probolinggo',
      override: { reason: 'uji jejak audit pada lampiran' },
    });
    expect(res.status).toBe(201);
    const finalise = await s.ctx.db
      .selectFrom('audit_log')
      .select('id')
      .where('entity', '=', 'decree')
      .where('action', 'like', 'decree.finalise%')
      .executeTakeFirstOrThrow();
    const decreeAnchor = await s.ctx.db.selectFrom('audit_anchor').selectAll().where('reason', '=', 'decree').executeTakeFirstOrThrow();
    expect(Number(decreeAnchor.last_id)).toBeGreaterThanOrEqual(finalise.id);
    const expected = `Jejak audit: #${decreeAnchor.last_id} · ${decreeAnchor.head_hash.slice(0, 16)}…`;
    // A later anchor does not change what the decree's copies say.
    await auditedWrites(s, 1);
    const later = await anchorNow(admin);
    expect(later.lastId).toBeGreaterThan(Number(decreeAnchor.last_id));

    const get = (p: string) => fetch(`${s.baseUrl}${p}`, { headers: { cookie: admin.cookie } });
    const pdf = await get(`/api/v1/decrees/${res.body.id}/lampiran.pdf`);
    expect(pdf.status).toBe(200);
    const { text } = await extractText(new Uint8Array(await pdf.arrayBuffer()), { mergePages: true });
    expect(text).toContain(expected);

    const xlsx = await get(`/api/v1/decrees/${res.body.id}/lampiran.xlsx`);
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Lampiran SK 400 9 2026', 'Jejak audit']);
    const notes: string[] = [];
    wb.worksheets[1]?.eachRow((r) => {
      notes.push(String(r.getCell(1).value));
    });
    expect(notes).toEqual(['Lampiran SK 400/9/2026', expect.stringContaining(expected)]);
    // The data sheet holds the households only.
    expect(wb.worksheets[0]?.rowCount).toBe(2);

    const now = new Date(Date.now() + 7 * 3600 * 1000);
    const q = `year=${now.getUTCFullYear()}&quarter=${Math.floor(now.getUTCMonth() / 3) + 1}`;
    const latest = (await admin.get('/api/v1/audit/anchors/latest')).body;
    expect(latest.anchor.id).toBe(later.id);
    expect(latest.line).toBe(anchorLine(later));
    const report = await get(`/api/v1/monitoring/quarterly.pdf?${q}`);
    expect(report.status).toBe(200);
    const reportText = (await extractText(new Uint8Array(await report.arrayBuffer()), { mergePages: true })).text;
    expect(reportText).toContain(`Jejak audit: #${later.lastId} · ${later.headHash.slice(0, 16)}…`);
    const reportXlsx = await get(`/api/v1/monitoring/quarterly.xlsx?${q}`);
    const rwb = new ExcelJS.Workbook();
    await rwb.xlsx.load(Buffer.from(await reportXlsx.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const cells: string[] = [];
    rwb.worksheets[0]?.eachRow((r) => {
      cells.push(String(r.getCell(1).value));
    });
    expect(cells).toContain(anchorLine(later));
  });
});

const base = process.env.DATABASE_URL;

describe.skipIf(!base)('(e) the PostgreSQL runtime role', () => {
  const role = `sasmita_rt_${randomBytes(4).toString('hex')}`;
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await drop?.();
    if (base) await onServer(base, `drop role if exists ${role}`);
  });

  it('from `sasmita db roles --print`: cannot rewrite audit rows nor disable the decree triggers; the app’s writes still work', async () => {
    if (!base) return;
    // From the run's migrated template; a worker that was not given one migrates the database itself.
    const template = inject('postgresTemplate');
    const scratch = await createScratchDatabase(base, 'sasmita_roles', template || undefined);
    drop = scratch.drop;
    if (!template) {
      const database = await openDatabase({ databaseUrl: scratch.url });
      try {
        await migrateToLatest(database);
        await loadKabupaten(database.db, '35.13', SYSTEM_ACTOR);
      } finally {
        await database.close();
      }
    }
    const printed = await runCli(['db', 'roles', '--print', '--role', role]);
    expect(printed.code).toBe(0);
    await onServer(scratch.url, printed.stdout);
    // Run twice, as after an upgrade: it must be repeatable.
    await onServer(scratch.url, printed.stdout);
    const url = new URL(scratch.url);
    url.username = role;
    const runtime = await openDatabase({ databaseUrl: url.toString() });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sasmita-roles-'));
    try {
      const config = loadConfig({ dataDir, databaseUrl: url.toString() }, {});
      const db = runtime.db;
      // Startup migrations find nothing to do; then the app's ordinary writes.
      expect(await migrateToLatest(runtime)).toEqual([]);
      const admin = await createUser(
        db,
        { username: 'admin.rt', fullName: 'Admin', password: 'uji-coba-123', roles: [{ role: 'admin_kabupaten', regionCode: '35.13' }] },
        null,
        SYSTEM_ACTOR,
      );
      await insertHouseholds(db, [
        { desaCode: '35.13.06.2005', headName: 'SITI AMINAH', headNik: '3513062005800001', desil: 1, targetStatus: 'MISKIN_EKSTREM' },
      ]);
      const actor = {
        userId: admin.id,
        username: 'admin.rt',
        fullName: 'Admin',
        grants: [{ role: 'admin_kabupaten' as const, regionCode: '35.13' }],
      };
      const decree = await finaliseDecree({ db, kabupatenCode: '35.13' }, actor, {
        number: '400/1/2026',
        decreeDate: '2026-03-10',
        title: 'Penetapan Keluarga Sasaran',
        signatoryName: 'Bupati Uji',
        signatoryPosition: 'Bupati Probolinggo',
        override: { reason: 'uji peran runtime PostgreSQL' },
      });
      expect(decree.householdCount).toBe(1);
      await takeAnchor(db, anchorDeps(config), 'decree');
      expect((await verifyAudit(db, config)).ok).toBe(true);
      // A bulk import suspends and rebuilds the registry's indexes and keys.
      await runtime.bulkTransaction(async (trx) => {
        const restore = await suspendIndexes(trx, 'household', 'postgres');
        await restore();
      });
      // A first import truncates the empty registry and every table referencing it (rolled back here).
      await expect(
        db.transaction().execute(async (trx) => {
          await sql`truncate household, member cascade`.execute(trx);
          throw new Error('rollback');
        }),
      ).rejects.toThrow('rollback');
      // A matching run attaches its own partition of match_list_row.
      const run = await db
        .insertInto('match_run')
        .values({ kabupaten_code: '35.13', kind: 'EXTERNAL', list_name: 'uji', list_kind: 'OTHER', counts: '{}' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const list = [{ rowNumber: 1, nik: '3513062005800001', kkNumber: null, name: 'SITI AMINAH', birthDate: null, regionCode: null }];
      expect(await matchExternalList(runtime, run.id, '35.13', [list])).toMatchObject({ total: 1 });

      for (const statement of [
        `update audit_log set actor_name = 'x' where id = 1`,
        'delete from audit_log where id = 1',
        'truncate audit_log',
        `update audit_anchor set reason = 'x'`,
        'delete from audit_anchor',
        'truncate audit_anchor',
        `update decree set title = 'x'`,
        'delete from decree_household',
        'truncate decree',
      ]) {
        await expect(sql.raw(statement).execute(db), statement).rejects.toThrow(/permission denied/);
      }
      for (const statement of [
        'alter table decree disable trigger all',
        'alter table decree_household disable trigger all',
        'alter table audit_log disable trigger all',
        'alter table audit_anchor disable trigger audit_anchor_append_only',
        'drop trigger audit_log_append_only on audit_log',
      ]) {
        await expect(sql.raw(statement).execute(db), statement).rejects.toThrow(/must be owner/);
      }
      await expect(sql.raw('set session_replication_role = replica').execute(db)).rejects.toThrow(/permission denied/);
      expect((await verifyAudit(db, config)).ok).toBe(true);
    } finally {
      await runtime.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
