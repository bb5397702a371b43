import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { type FileType, sniffFileType } from '../modules/registry/import/reader.js';
import { checkXlsx } from '../modules/spreadsheets/index.js';
import { AppError, badRequest } from './errors.js';

export const tooLarge = () => new AppError(413, 'PAYLOAD_TOO_LARGE', 'Berkas terlalu besar', 'File too large');

/** A spreadsheet list received from a multipart request: one file, sniffed, in its own temp folder. */
export interface ListUpload {
  path: string;
  /** The file name the user chose (no folders). */
  name: string;
  type: FileType;
  /** The other form fields, as sent. */
  fields: Record<string, string>;
  /** Removes the temp folder; the job that reads the file calls it when done. */
  cleanup: () => void;
}

/**
 * Receive a multipart request holding one CSV/XLSX in the field "file" plus form fields, into
 * `<dataDir>/tmp/<prefix>-…`. Size limits come from the multipart plugin (413); the content is
 * sniffed (415 when it is neither CSV nor XLSX) and an XLSX is checked against the spreadsheet
 * limits before anything parses it (413/422, src/modules/spreadsheets/). On any error the temp
 * folder is removed, once the file being written is closed.
 * `use` validates the fields and starts the work; if it throws, the folder is removed too.
 */
export async function withListUpload<T>(
  req: FastifyRequest,
  config: Pick<Config, 'dataDir' | 'spreadsheet'>,
  prefix: string,
  missing: { message: string; messageEn: string },
  use: (upload: ListUpload) => Promise<T>,
): Promise<T> {
  if (!req.isMultipart()) throw badRequest('NO_FILE', 'Kirim berkas sebagai multipart/form-data', 'Send the file as multipart/form-data');
  const dir = path.join(config.dataDir, 'tmp', `${prefix}-${Date.now()}-${randomBytes(6).toString('hex')}`);
  await fs.promises.mkdir(dir, { recursive: true });
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    const fields: Record<string, string> = {};
    let file: { path: string; name: string } | null = null;
    for await (const part of req.parts()) {
      if (part.type === 'field') {
        fields[part.fieldname] = String(part.value);
        continue;
      }
      if (part.fieldname !== 'file' || file) {
        part.file.resume();
        throw badRequest('UNEXPECTED_FILE', 'Kirim satu berkas pada kolom "file"', 'Send one file in the "file" field');
      }
      const dest = path.join(dir, 'daftar');
      await receiveFile(part.file, dest);
      file = { path: dest, name: path.basename(part.filename || 'daftar') };
    }
    if (!file) throw badRequest('NO_FILE', missing.message, missing.messageEn);
    const sniffed = sniffFileType(file.path);
    if (sniffed.type === null) {
      throw new AppError(
        415,
        'UNSUPPORTED_FILE',
        `Berkas tidak bisa dibaca: ${sniffed.reason}`,
        `The file cannot be read: ${sniffed.reasonEn}`,
      );
    }
    if (sniffed.type === 'xlsx') await checkXlsx(file.path, config.spreadsheet);
    return await use({ ...file, type: sniffed.type, fields, cleanup });
  } catch (err) {
    cleanup();
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    throw err;
  }
}

/**
 * Write one multipart file part to `dest`. On any failure (too large, the client gone) the
 * write stream is closed before this rejects, so that the caller's removal of the folder does
 * not race a file still being opened (which left 0-byte files behind).
 */
export async function receiveFile(file: NodeJS.ReadableStream & { truncated?: boolean }, dest: string): Promise<void> {
  const out = fs.createWriteStream(dest);
  try {
    await pipeline(file, out);
  } catch (err) {
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()).destroy());
    throw err;
  }
  if (file.truncated) throw tooLarge();
}
