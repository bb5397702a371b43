import { z } from 'zod';
import { isIsoDate } from '../lib/dates.js';

/** Shared request pieces, so every list pages and every code validates the same way. */
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const regionCode = z.string().regex(/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/, 'Kode wilayah Kemendagri, mis. 35.13.06.2005');

/** A real calendar date written yyyy-mm-dd. */
export const isoDate = z.string().refine(isIsoDate, 'Tanggal yyyy-mm-dd, mis. 2024-02-17');

export const idParam = z.object({ id: z.coerce.number().int().positive() });

export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), messageEn: z.string(), details: z.unknown().optional() }),
});
