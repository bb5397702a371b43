import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Form, fromVerval } from '../form';
import { fieldDb, hhKey, type Proposal, resetFieldDb, type StoredHousehold } from './db';
import { enqueue, enqueueProposal, keepDeviceVersion, keepPhoto, outboxItems, runSync, type Transport, takeServerVersion } from './outbox';
import { deviceUsage } from './pack';

/**
 * The outbox against an in-memory server that behaves like the real one where it matters:
 * optimistic versions (409 on a stale base), idempotency keys (a repeat gets the stored
 * answer, nothing written again), content-addressed photo uploads.
 */

const USER = 7;
const PERIOD = 3;

interface Rec {
  id: number;
  householdId: number;
  version: number;
  status: string;
  outcome: string | null;
  photos: string[];
}

class FakeServer implements Transport {
  records = new Map<number, Rec>();
  answers = new Map<string, { status: number; body: unknown }>();
  writes: string[] = [];
  uploads = 0;
  /** Requests to fail: 'before' = no answer and nothing done; 'after' = done on the server, answer lost. */
  cut: Array<'before' | 'after' | null> = [];
  status401 = false;
  private nextId = 100;

  private async handle(fn: () => { status: number; body: unknown }, key: string) {
    const c = this.cut.shift() ?? null;
    if (c === 'before') throw new TypeError('Failed to fetch');
    if (this.status401) return { status: 401, body: { error: { code: 'UNAUTHORIZED' } } };
    let r = this.answers.get(key);
    if (!r) {
      r = fn();
      this.answers.set(key, r);
    }
    if (c === 'after') throw new TypeError('Failed to fetch');
    return r;
  }

  private conflict(rec: Rec | undefined) {
    return {
      status: 409,
      body: {
        error: {
          code: 'VERSION_CONFLICT',
          message: 'x',
          messageEn: 'x',
          details: { current: rec ? this.view(rec) : null, changedBy: { fullName: 'Kasi' }, changedAt: '2026-12-07T10:00:00Z' },
        },
      },
    };
  }

  view(r: Rec) {
    return { ...fromVervalShape(r), id: r.id, householdId: r.householdId, version: r.version, status: r.status };
  }

  send(method: 'PUT' | 'POST', path: string, body: unknown, key: string) {
    return this.handle(() => {
      const b = body as { baseVersion: number; outcome?: string | null; photos?: string[] };
      const put = path.match(/households\/(\d+)$/);
      if (method === 'PUT' && put) {
        const householdId = Number(put[1]);
        const rec = [...this.records.values()].find((r) => r.householdId === householdId);
        if ((rec?.version ?? 0) !== b.baseVersion) return this.conflict(rec);
        for (const p of b.photos ?? [])
          if (!p.startsWith('sha-')) return { status: 400, body: { error: { code: 'VERVAL_PHOTO_UNKNOWN' } } };
        const next: Rec = rec
          ? { ...rec, version: rec.version + 1, outcome: b.outcome ?? null, photos: b.photos ?? [] }
          : { id: this.nextId++, householdId, version: 1, status: 'DRAFT', outcome: b.outcome ?? null, photos: b.photos ?? [] };
        this.records.set(next.id, next);
        this.writes.push(`save ${householdId} v${next.version}`);
        return { status: rec ? 200 : 201, body: this.view(next) };
      }
      if (method === 'POST' && /^\/verval\/periods\/\d+\/households$/.test(path)) {
        const p = body as { headName: string };
        this.writes.push(`propose ${p.headName}`);
        return { status: 201, body: { householdId: this.nextId++ } };
      }
      const submit = path.match(/^\/verval\/(\d+)\/submit$/);
      const rec = submit ? this.records.get(Number(submit[1])) : undefined;
      if (!rec) return { status: 404, body: { error: { code: 'NOT_FOUND' } } };
      if (rec.version !== b.baseVersion) return this.conflict(rec);
      const next = { ...rec, version: rec.version + 1, status: 'SUBMITTED' };
      this.records.set(rec.id, next);
      this.writes.push(`submit ${rec.householdId} v${next.version}`);
      return { status: 200, body: this.view(next) };
    }, key);
  }

  async upload(_householdId: number, blob: Blob) {
    const c = this.cut.shift() ?? null;
    if (c === 'before') throw new TypeError('Failed to fetch');
    this.uploads++;
    return { status: 201, body: { sha256: `sha-${await blob.text()}` } };
  }
}

function fromVervalShape(r: Rec) {
  return { ...fromVerval(null), outcome: r.outcome, photos: r.photos, changes: {}, memberChanges: [] };
}

const form = (outcome: string, photos: string[] = []): Form => ({
  ...fromVerval(null),
  found: true,
  outcome: outcome as Form['outcome'],
  photos,
});

async function household(householdId: number, verval: StoredHousehold['verval'] = null) {
  const db = await fieldDb();
  await db.put('households', {
    key: hhKey(PERIOD, householdId),
    periodId: PERIOD,
    pack: `${PERIOD}:35.13.06.2005`,
    householdId,
    headName: `KK ${householdId}`,
    desaCode: '35.13.06.2005',
    desaName: 'Tiris',
    source: 'P3KE',
    targetStatus: 'MISKIN_EKSTREM',
    dusun: null,
    rt: null,
    suggestedClass: null,
    criteriaId: null,
    fields: {} as StoredHousehold['fields'],
    indicators: {},
    members: [],
    verval,
    address: null,
    desil: 1,
    memberCount: 1,
    possibleDuplicate: null,
  });
}

const queue = (kind: 'save' | 'submit', householdId: number, f: Form | null, knownVersion = 0) =>
  enqueue({
    kind,
    userId: USER,
    periodId: PERIOD,
    householdId,
    desaCode: '35.13.06.2005',
    headName: `KK ${householdId}`,
    knownVersion,
    form: f,
  });

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  resetFieldDb();
});

describe('outbox sync', () => {
  it('sends in order, chains the versions of one household, and empties the queue', async () => {
    const s = new FakeServer();
    await household(1);
    await household(2);
    await queue('save', 1, form('TETAP'));
    await queue('save', 2, form('MAMPU'));
    await queue('save', 1, form('MENINGGAL'));
    await queue('submit', 1, null);
    const r = await runSync(s, USER);
    expect(r).toMatchObject({ sent: 4, conflicts: 0, errors: 0, stopped: null, remaining: 0 });
    expect(s.writes).toEqual(['save 1 v1', 'save 2 v1', 'save 1 v2', 'submit 1 v3']);
    expect(await outboxItems(USER)).toEqual([]);
    expect((await (await fieldDb()).get('households', hhKey(PERIOD, 1)))?.verval).toMatchObject({ version: 3, status: 'SUBMITTED' });
  });

  it('resumes after the network is cut mid-run and stores each record once (same key, stored answer)', async () => {
    const s = new FakeServer();
    for (const id of [1, 2, 3]) {
      await household(id);
      await queue('save', id, form('TETAP'));
    }
    // The first save reaches the server but its answer is lost; the second never leaves the phone.
    s.cut = [null, 'after'];
    const first = await runSync(s, USER);
    expect(first).toMatchObject({ sent: 1, stopped: 'network', remaining: 2 });
    expect(s.writes).toEqual(['save 1 v1', 'save 2 v1']);
    s.cut = ['before'];
    expect(await runSync(s, USER)).toMatchObject({ sent: 0, stopped: 'network', remaining: 2 });
    const second = await runSync(s, USER);
    expect(second).toMatchObject({ sent: 2, stopped: null, remaining: 0 });
    // Household 2 was written once: the retry got the stored answer.
    expect(s.writes).toEqual(['save 1 v1', 'save 2 v1', 'save 3 v1']);
    expect([...s.records.values()].map((r) => r.version)).toEqual([1, 1, 1]);
  });

  it('keeps everything on a 401 and sends it after signing in again', async () => {
    const s = new FakeServer();
    await household(1);
    await queue('save', 1, form('TETAP'));
    s.status401 = true;
    expect(await runSync(s, USER)).toMatchObject({ sent: 0, stopped: 'unauthorized', remaining: 1 });
    expect(await outboxItems(USER)).toHaveLength(1);
    s.status401 = false;
    expect(await runSync(s, USER)).toMatchObject({ sent: 1, remaining: 0 });
    expect(s.writes).toEqual(['save 1 v1']);
  });

  it('uploads photos before their record, once, and the record names the returned hash', async () => {
    const s = new FakeServer();
    await household(1);
    const a = await keepPhoto(1, new Blob(['a']));
    const b = await keepPhoto(1, new Blob(['b']));
    await queue('save', 1, form('TETAP', [a, b]));
    // The second upload fails: the first photo's hash is kept, the record waits.
    s.cut = [null, 'before'];
    expect(await runSync(s, USER)).toMatchObject({ sent: 0, stopped: 'network' });
    expect(s.writes).toEqual([]);
    expect(await runSync(s, USER)).toMatchObject({ sent: 1 });
    expect(s.uploads).toBe(2);
    expect([...s.records.values()][0]?.photos).toEqual(['sha-a', 'sha-b']);
    // Sent: the Blobs leave the device; the local ids still resolve to the server's hashes.
    const photos = await (await fieldDb()).getAll('photos');
    expect(photos.map((p) => [p.blob, p.sha256])).toEqual(
      expect.arrayContaining([
        [null, 'sha-a'],
        [null, 'sha-b'],
      ]),
    );
    expect(await deviceUsage()).toMatchObject({ photos: 0, photoBytes: 0, queued: 0 });
    // A later save still naming the photos by their local ids sends the hashes, uploading nothing again.
    await queue('save', 1, form('MAMPU', [a, b]), 1);
    expect(await runSync(s, USER)).toMatchObject({ sent: 1 });
    expect(s.uploads).toBe(2);
    expect([...s.records.values()][0]).toMatchObject({ version: 2, photos: ['sha-a', 'sha-b'] });
  });

  it('a queued photo keeps its Blob until its record got through', async () => {
    const s = new FakeServer();
    await household(1);
    const a = await keepPhoto(1, new Blob(['abc']));
    await queue('save', 1, form('TETAP', [a]));
    expect(await deviceUsage()).toMatchObject({ photos: 1, photoBytes: 3, queued: 1 });
    // Uploaded, but the record's answer is lost: the Blob stays (the record is not on the server yet as far as the phone knows).
    s.cut = [null, 'after'];
    expect(await runSync(s, USER)).toMatchObject({ sent: 0, stopped: 'network' });
    expect(await deviceUsage()).toMatchObject({ photos: 1 });
    expect(await runSync(s, USER)).toMatchObject({ sent: 1 });
    expect(await deviceUsage()).toMatchObject({ photos: 0, queued: 0 });
  });

  it('a proposed household goes out once with its key, also when the first answer was lost', async () => {
    const s = new FakeServer();
    const proposal = { desaCode: '35.13.06.2005', headName: 'Wawan', reason: 'Belum terdata', members: [] } as unknown as Proposal;
    await enqueueProposal({ userId: USER, periodId: PERIOD, desaCode: '35.13.06.2005', key: 'web-proposal-1', proposal });
    s.cut = ['after'];
    expect(await runSync(s, USER)).toMatchObject({ sent: 0, stopped: 'network' });
    expect(await runSync(s, USER)).toMatchObject({ sent: 1, remaining: 0 });
    expect(s.writes).toEqual(['propose Wawan']);
    expect(await outboxItems(USER)).toEqual([]);
  });

  it('a 409 becomes a conflict that holds back that household only; the operator chooses', async () => {
    const s = new FakeServer();
    await household(1);
    await household(2);
    // Someone changed household 1 on the server after the download.
    s.records.set(50, { id: 50, householdId: 1, version: 2, status: 'DRAFT', outcome: 'PINDAH', photos: [] });
    await queue('save', 1, form('TETAP'));
    await queue('submit', 1, null);
    await queue('save', 2, form('MAMPU'));
    const r = await runSync(s, USER);
    expect(r).toMatchObject({ sent: 1, conflicts: 1, remaining: 2 });
    const [conflict, held] = await outboxItems(USER);
    expect(conflict).toMatchObject({ status: 'conflict', kind: 'save' });
    expect(conflict?.conflict?.current).toMatchObject({ version: 2, outcome: 'PINDAH' });
    expect(held).toMatchObject({ status: 'pending', kind: 'submit' });

    // "Pakai versi perangkat": sent again on version 2, as a new request.
    const oldKey = conflict!.key;
    await keepDeviceVersion(conflict!.seq!);
    const [again] = await outboxItems(USER);
    expect(again).toMatchObject({ status: 'pending', baseVersion: 2 });
    expect(again!.key).not.toBe(oldKey);
    expect(await runSync(s, USER)).toMatchObject({ sent: 2, remaining: 0 });
    expect(s.records.get(50)).toMatchObject({ version: 4, status: 'SUBMITTED', outcome: 'TETAP' });
  });

  it('"pakai versi server" moves the device version and what followed it to the discarded list', async () => {
    const s = new FakeServer();
    await household(1);
    s.records.set(50, { id: 50, householdId: 1, version: 1, status: 'DRAFT', outcome: 'PINDAH', photos: [] });
    await queue('save', 1, form('TETAP'));
    await queue('submit', 1, null);
    await runSync(s, USER);
    const [conflict] = await outboxItems(USER);
    await takeServerVersion(conflict!.seq!);
    expect(await outboxItems(USER)).toEqual([]);
    const discarded = await (await fieldDb()).getAll('discarded');
    expect(discarded.map((d) => d.item.kind)).toEqual(['save', 'submit']);
    expect(discarded[0]?.item.form?.outcome).toBe('TETAP');
    expect((await (await fieldDb()).get('households', hhKey(PERIOD, 1)))?.verval).toMatchObject({ version: 1, outcome: 'PINDAH' });
    expect(s.writes).toEqual([]);
  });

  it("sends only the signed-in user's items", async () => {
    const s = new FakeServer();
    await household(1);
    await queue('save', 1, form('TETAP'));
    expect(await runSync(s, USER + 1)).toMatchObject({ sent: 0, remaining: 0 });
    expect(await outboxItems(USER)).toHaveLength(1);
  });
});
