import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../http/errors.js';
import { hasBlob, openBlob, PHOTO_MAX_PX, saveBlob } from './service.js';
import { sniffKind } from './sniff.js';

let dataDir: string;
const ctx = () => ({ config: { dataDir } });
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function errorOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);
}

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sasmita-blobs-'));
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('sniffKind', () => {
  it('recognises each kind by its magic bytes', async () => {
    const jpeg = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#f00' } })
      .jpeg()
      .toBuffer();
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#0f0' } })
      .png()
      .toBuffer();
    const webp = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#00f' } })
      .webp()
      .toBuffer();
    expect(sniffKind(jpeg)).toBe('jpeg');
    expect(sniffKind(png)).toBe('png');
    expect(sniffKind(webp)).toBe('webp');
    expect(sniffKind(pdf)).toBe('pdf');
    expect(sniffKind(Buffer.from('hello, this is text pretending to be a jpg'))).toBeNull();
    expect(sniffKind(Buffer.from('RIFF\0\0\0\0WAVEfmt '))).toBeNull();
    expect(sniffKind(Buffer.alloc(0))).toBeNull();
  });
});

describe('saveBlob / openBlob', () => {
  it('stores by content address and is idempotent for the same content', async () => {
    const a = await saveBlob(ctx(), pdf, { maxBytes: 1000, allowed: ['pdf'] });
    expect(a).toEqual({ sha256: sha(pdf), size: pdf.length, mime: 'application/pdf' });
    const file = path.join(dataDir, 'blobs', a.sha256.slice(0, 2), a.sha256);
    expect(fs.readFileSync(file)).toEqual(pdf);
    const b = await saveBlob(ctx(), Readable.from([pdf.subarray(0, 3), pdf.subarray(3)]), { maxBytes: 1000, allowed: ['pdf'] });
    expect(b).toEqual(a);
    expect(filesUnder(path.join(dataDir, 'blobs')).filter((n) => n === a.sha256)).toHaveLength(1);
    expect(filesUnder(path.join(dataDir, 'tmp'))).toEqual([]);

    const opened = await openBlob(ctx(), a.sha256);
    expect(opened.mime).toBe('application/pdf');
    expect(opened.size).toBe(pdf.length);
    const chunks: Buffer[] = [];
    for await (const c of opened.stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks)).toEqual(pdf);
    expect(hasBlob(ctx(), a.sha256)).toBe(true);
  });

  it('refuses a file whose bytes are not an allowed kind, whatever it is called', async () => {
    const text = Buffer.from('just some text saved as photo.jpg');
    const e = await errorOf(saveBlob(ctx(), text, { maxBytes: 1000, allowed: ['jpeg', 'png'] }));
    expect(e.status).toBe(415);
    expect(e.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const e2 = await errorOf(saveBlob(ctx(), pdf, { maxBytes: 1000, allowed: ['jpeg'] }));
    expect(e2.status).toBe(415);
    expect(hasBlob(ctx(), sha(text))).toBe(false);
    expect(filesUnder(path.join(dataDir, 'tmp'))).toEqual([]);
  });

  it('leaves no temporary file once the refused upload has settled, not even an empty one', async () => {
    const settled = () => new Promise((resolve) => setTimeout(resolve, 100));
    const text = Buffer.from('just some text saved as photo.jpg'.repeat(200));
    expect((await errorOf(saveBlob(ctx(), text, { maxBytes: 100_000, allowed: ['jpeg'] }))).status).toBe(415);
    await settled();
    expect(filesUnder(path.join(dataDir, 'tmp'))).toEqual([]);
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(5000, 32)]);
    expect((await errorOf(saveBlob(ctx(), big, { maxBytes: 1000, allowed: ['pdf'] }))).status).toBe(413);
    await settled();
    expect(filesUnder(path.join(dataDir, 'tmp'))).toEqual([]);
  });

  it('enforces the size limit while streaming and keeps nothing', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(5000, 32)]);
    let served = 0;
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < big.length; i += 1000) {
          served++;
          yield big.subarray(i, i + 1000);
        }
      })(),
    );
    const e = await errorOf(saveBlob(ctx(), source, { maxBytes: 2500, allowed: ['pdf'] }));
    expect(e.status).toBe(413);
    expect(e.code).toBe('PAYLOAD_TOO_LARGE');
    expect(hasBlob(ctx(), sha(big))).toBe(false);
    expect(filesUnder(path.join(dataDir, 'tmp'))).toEqual([]);
    expect(served).toBeLessThan(6);
    const ok = await saveBlob(ctx(), big, { maxBytes: big.length, allowed: ['pdf'] });
    expect(ok.size).toBe(big.length);
  });

  it('scales photos down to at most 1600 px and strips EXIF (incl. GPS)', async () => {
    const original = await sharp({ create: { width: 3200, height: 2000, channels: 3, background: '#888' } })
      .withExif({ IFD0: { Artist: 'Budi', Copyright: 'secret' }, IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '7/1 45/1 0/1' } })
      .png()
      .toBuffer();
    const before = await sharp(original).metadata();
    expect(before.exif).toBeDefined();
    const saved = await saveBlob(ctx(), original, { maxBytes: 50_000_000, allowed: ['jpeg', 'png', 'webp'], normalizePhoto: true });
    expect(saved.mime).toBe('image/jpeg');
    const opened = await openBlob(ctx(), saved.sha256);
    expect(opened.mime).toBe('image/jpeg');
    const stored = fs.readFileSync(path.join(dataDir, 'blobs', saved.sha256.slice(0, 2), saved.sha256));
    expect(sha(stored)).toBe(saved.sha256);
    const meta = await sharp(stored).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.width).toBe(PHOTO_MAX_PX);
    expect(meta.height).toBe(1000);
    expect(meta.exif).toBeUndefined();
    const again = await saveBlob(ctx(), original, { maxBytes: 50_000_000, allowed: ['jpeg', 'png', 'webp'], normalizePhoto: true });
    expect(again.sha256).toBe(saved.sha256);
  });

  it('refuses a damaged photo and unknown addresses', async () => {
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 7)]);
    const e = await errorOf(saveBlob(ctx(), broken, { maxBytes: 1000, allowed: ['jpeg'], normalizePhoto: true }));
    expect(e.status).toBe(415);
    expect(e.code).toBe('UNREADABLE_IMAGE');
    expect((await errorOf(openBlob(ctx(), '../../etc/passwd'))).status).toBe(404);
    expect((await errorOf(openBlob(ctx(), 'a'.repeat(64)))).status).toBe(404);
  });
});
