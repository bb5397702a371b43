import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../http/context.js';
import { AppError, badRequest } from '../../http/errors.js';
import { receiveFile } from '../../http/upload.js';
import type { TemplateColumns } from './import/mapping.js';

const FILE_FIELDS = new Set(['keluarga', 'anggota', 'dtks']);

/** Upload folders of imports that never finished (the server was stopped) are removed after a day. */
function removeStaleUploads(tmpRoot: string) {
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const name of fs.readdirSync(tmpRoot)) {
    const p = path.join(tmpRoot, name);
    if (name.startsWith('upload-') && fs.statSync(p).mtimeMs < dayAgo) fs.rmSync(p, { recursive: true, force: true });
  }
}

const tooLarge = () => new AppError(413, 'PAYLOAD_TOO_LARGE', 'Berkas terlalu besar', 'File too large');

export interface ImportUpload {
  fields: Record<string, string>;
  files: Record<string, { path: string; name: string }>;
  dir: string;
  cleanup: () => void;
}

/**
 * The multipart upload of a registry import or its preview: fields, and the files keluarga,
 * anggota, dtks (each at most once), stored in a fresh folder that `cleanup` removes.
 */
export async function receiveImportUpload(req: FastifyRequest, ctx: AppContext): Promise<ImportUpload> {
  if (!req.isMultipart()) throw badRequest('NO_FILE', 'Kirim berkas sebagai multipart/form-data', 'Send the files as multipart/form-data');
  const tmpRoot = path.join(ctx.config.dataDir, 'tmp');
  await fs.promises.mkdir(tmpRoot, { recursive: true });
  removeStaleUploads(tmpRoot);
  const dir = path.join(tmpRoot, `upload-${Date.now()}-${randomBytes(6).toString('hex')}`);
  await fs.promises.mkdir(dir);
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    const fields: Record<string, string> = {};
    const files: Record<string, { path: string; name: string }> = {};
    for await (const part of req.parts()) {
      if (part.type === 'field') {
        fields[part.fieldname] = String(part.value);
        continue;
      }
      if (!FILE_FIELDS.has(part.fieldname) || files[part.fieldname]) {
        part.file.resume();
        throw badRequest(
          'UNEXPECTED_FILE',
          `Berkas "${part.fieldname}" tidak diharapkan; kirim keluarga + anggota (P3KE) atau dtks (DTKS), masing-masing sekali`,
          `Unexpected file field "${part.fieldname}"`,
        );
      }
      const dest = path.join(dir, part.fieldname);
      await receiveFile(part.file, dest);
      files[part.fieldname] = { path: dest, name: path.basename(part.filename || part.fieldname) };
    }
    return { fields, files, dir, cleanup };
  } catch (err) {
    cleanup();
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    throw err;
  }
}

const columnMap = z.record(z.string().max(100), z.string().max(200));
const mappingJson = z.object({ keluarga: columnMap.optional(), anggota: columnMap.optional(), dtks: columnMap.optional() }).strict();

/** The form fields templateId and columns (JSON) of an import or preview, checked. */
export function mappingFields(fields: Record<string, string>): { templateId?: number; columns?: TemplateColumns } {
  const out: { templateId?: number; columns?: TemplateColumns } = {};
  const id = fields.templateId?.trim();
  if (id) {
    if (!/^[1-9]\d{0,8}$/.test(id)) throw badRequest('TEMPLATE_ID_INVALID', 'templateId tidak sah', 'templateId is not valid');
    out.templateId = Number(id);
  }
  const raw = fields.columns?.trim();
  if (raw) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw badRequest('MAPPING_INVALID', 'Pemetaan kolom (columns) bukan JSON yang sah', 'columns is not valid JSON');
    }
    const r = mappingJson.safeParse(parsed);
    if (!r.success) throw badRequest('MAPPING_INVALID', 'Pemetaan kolom (columns) tidak sah', 'columns is not a valid column mapping');
    if (JSON.stringify(r.data).includes('\u0000')) throw badRequest('MAPPING_INVALID', 'Pemetaan kolom berisi karakter NUL', 'NUL byte');
    out.columns = r.data as TemplateColumns;
  }
  return out;
}
