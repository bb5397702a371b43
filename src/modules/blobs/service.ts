import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import type { Config } from '../../config.js';
import { AppError, notFound } from '../../http/errors.js';
import { BLOB_MIME, type BlobKind, SNIFF_BYTES, sniffKind } from './sniff.js';

export type { BlobKind } from './sniff.js';

/** Longest side of a stored photo; larger photos are scaled down. */
export const PHOTO_MAX_PX = 1600;

export interface BlobContext {
  config: Pick<Config, 'dataDir'>;
}

export interface SaveBlobOptions {
  /** Largest accepted upload in bytes (checked while reading, before anything is kept). */
  maxBytes: number;
  /** Kinds accepted; anything else is refused with 415. */
  allowed: BlobKind[];
  /**
   * Photos (jpeg/png/webp) are re-encoded as JPEG of at most PHOTO_MAX_PX on the longest side,
   * turned upright, with ALL metadata (EXIF incl. GPS, camera serials) removed.
   */
  normalizePhoto?: boolean;
}

export interface StoredBlob {
  sha256: string;
  size: number;
  mime: string;
}

const SHA256 = /^[0-9a-f]{64}$/;

export const blobRoot = (ctx: BlobContext) => path.join(ctx.config.dataDir, 'blobs');
/** Temporary files live outside blobs/ so a backup never sees a half-written file. */
const tmpRoot = (ctx: BlobContext) => path.join(ctx.config.dataDir, 'tmp', 'blobs');
const blobPath = (ctx: BlobContext, sha256: string) => path.join(blobRoot(ctx), sha256.slice(0, 2), sha256);

export const payloadTooLarge = (maxBytes: number) =>
  new AppError(413, 'PAYLOAD_TOO_LARGE', `Berkas terlalu besar (maksimal ${maxBytes} byte)`, `File too large (at most ${maxBytes} bytes)`, {
    maxBytes,
  });

export const unsupportedType = (allowed: BlobKind[]) =>
  new AppError(
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    `Jenis berkas tidak didukung; yang diterima: ${allowed.join(', ')}`,
    `Unsupported file type; accepted: ${allowed.join(', ')}`,
    { allowed },
  );

function tmpFile(ctx: BlobContext): string {
  fs.mkdirSync(tmpRoot(ctx), { recursive: true });
  return path.join(tmpRoot(ctx), `${randomUUID()}.part`);
}

/** Move a complete temporary file to its content address (or drop it when that content is already stored). */
function commit(ctx: BlobContext, tmp: string, sha256: string): void {
  const target = blobPath(ctx, sha256);
  if (fs.existsSync(target)) {
    fs.rmSync(tmp, { force: true });
    return;
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.renameSync(tmp, target);
}

/** Stream the input into a temporary file, hashing, counting and sniffing as it goes. */
async function receive(ctx: BlobContext, input: Readable | Buffer, opts: SaveBlobOptions) {
  const tmp = tmpFile(ctx);
  const hash = createHash('sha256');
  const out = fs.createWriteStream(tmp);
  let size = 0;
  let head = Buffer.alloc(0);
  let kind: BlobKind | null = null;
  try {
    const source = Buffer.isBuffer(input) ? Readable.from([input]) : input;
    for await (const raw of source) {
      const chunk: Buffer = Buffer.isBuffer(raw) ? raw : Buffer.from(raw as Uint8Array);
      size += chunk.length;
      if (size > opts.maxBytes) throw payloadTooLarge(opts.maxBytes);
      if (head.length < SNIFF_BYTES) {
        head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
        if (head.length >= SNIFF_BYTES) {
          kind = sniffKind(head);
          if (!kind || !opts.allowed.includes(kind)) throw unsupportedType(opts.allowed);
        }
      }
      hash.update(chunk);
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    if (head.length < SNIFF_BYTES) kind = sniffKind(head);
    if (!kind || !opts.allowed.includes(kind)) throw unsupportedType(opts.allowed);
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    return { tmp, kind, size, sha256: hash.digest('hex') };
  } catch (err) {
    // The file is opened asynchronously: removing it before the stream has closed left a 0-byte
    // file behind whenever the upload was refused on its first chunk.
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()).destroy());
    fs.rmSync(tmp, { force: true });
    // Drain the rest of a stream we stopped reading so the request can finish cleanly.
    if (!Buffer.isBuffer(input)) input.resume();
    throw err;
  }
}

const unreadableImage = () =>
  new AppError(415, 'UNREADABLE_IMAGE', 'Gambar rusak atau tidak dapat dibaca', 'The image is damaged or cannot be read');

/**
 * Store a file by its content. The real type comes from the file's first bytes, the size limit
 * holds while streaming, files appear only complete (temp file + rename) and saving the same
 * content twice stores it once and returns the same address.
 */
export async function saveBlob(ctx: BlobContext, input: Readable | Buffer, opts: SaveBlobOptions): Promise<StoredBlob> {
  const got = await receive(ctx, input, opts);
  if (!opts.normalizePhoto || got.kind === 'pdf') {
    commit(ctx, got.tmp, got.sha256);
    return { sha256: got.sha256, size: got.size, mime: BLOB_MIME[got.kind] };
  }
  let photo: Buffer;
  try {
    photo = await sharp(got.tmp, { failOn: 'error' })
      .rotate()
      .resize({ width: PHOTO_MAX_PX, height: PHOTO_MAX_PX, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer();
  } catch {
    throw unreadableImage();
  } finally {
    fs.rmSync(got.tmp, { force: true });
  }
  const sha256 = createHash('sha256').update(photo).digest('hex');
  const tmp = tmpFile(ctx);
  fs.writeFileSync(tmp, photo);
  commit(ctx, tmp, sha256);
  return { sha256, size: photo.length, mime: BLOB_MIME.jpeg };
}

export interface OpenedBlob {
  stream: fs.ReadStream;
  mime: string;
  size: number;
}

/** Open a stored file by its sha256 (404 when unknown or not a sha256). */
export async function openBlob(ctx: BlobContext, sha256: string): Promise<OpenedBlob> {
  if (!SHA256.test(sha256)) throw notFound('Berkas');
  const file = blobPath(ctx, sha256);
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch {
    throw notFound('Berkas');
  }
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    await handle.read(head, 0, SNIFF_BYTES, 0);
    const { size } = await handle.stat();
    const kind = sniffKind(head);
    return { stream: fs.createReadStream(file), mime: kind ? BLOB_MIME[kind] : 'application/octet-stream', size };
  } finally {
    await handle.close();
  }
}

/** Whether a blob with this sha256 is stored. */
export function hasBlob(ctx: BlobContext, sha256: string): boolean {
  return SHA256.test(sha256) && fs.existsSync(blobPath(ctx, sha256));
}

/** Remove a stored file (no error when it is already gone). Callers must know nothing references it. */
export function deleteBlob(ctx: BlobContext, sha256: string): boolean {
  if (!SHA256.test(sha256)) return false;
  const file = blobPath(ctx, sha256);
  if (!fs.existsSync(file)) return false;
  fs.rmSync(file, { force: true });
  return true;
}

/** A stored photo scaled to at most `maxPx` on its longest side, as JPEG (for thumbnails). */
export async function photoThumbnail(ctx: BlobContext, sha256: string, maxPx: number): Promise<Buffer> {
  const blob = await openBlob(ctx, sha256);
  blob.stream.destroy();
  if (!blob.mime.startsWith('image/')) throw notFound('Foto');
  try {
    return await sharp(blobPath(ctx, sha256), { failOn: 'error' })
      .resize({ width: maxPx, height: maxPx, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 70 })
      .toBuffer();
  } catch {
    throw unreadableImage();
  }
}
