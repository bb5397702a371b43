import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { conflict } from '../../http/errors.js';
import { countOpenCandidates } from '../matching/status.js';
import { desaWithoutFinalisedMusdes } from '../musdes/queries.js';
import type { DecreeOverride } from './tables.js';

/**
 * What should be settled before a decree is finalised. Each unmet precondition has a code,
 * a count and Indonesian/English text; the admin may finalise anyway only with an explicit
 * override reason, which is kept in the decree row and the audit log.
 */

export interface Precondition {
  code: string;
  count: number;
  message: string;
  messageEn: string;
  /** Up to 50 examples (e.g. the desa), for the panel. */
  items: { code: string; name: string }[];
}

const EXAMPLES = 50;

/** Unmet preconditions of the kabupaten (an empty list: ready to finalise). */
export async function checkPreconditions(db: Kysely<DB>, kabupatenCode: string): Promise<Precondition[]> {
  const unmet: Precondition[] = [];
  const desa = await desaWithoutFinalisedMusdes(db, kabupatenCode);
  if (desa.length > 0) {
    unmet.push({
      code: 'DESA_WITHOUT_FINALISED_MUSDES',
      count: desa.length,
      message: `${desa.length} desa belum memiliki musdes yang difinalkan`,
      messageEn: `${desa.length} desa have no finalised musdes`,
      items: desa.slice(0, EXAMPLES).map((d) => ({ code: d.desaCode, name: `${d.desaName} (${d.kecamatanName})` })),
    });
  }
  const open = await countOpenCandidates(db, kabupatenCode);
  if (open > 0) {
    unmet.push({
      code: 'OPEN_MATCH_CANDIDATES',
      count: open,
      message: `${open} kandidat pemadanan belum diputuskan`,
      messageEn: `${open} match candidates are not resolved`,
      items: [],
    });
  }
  return unmet;
}

export interface OverrideInput {
  reason: string;
}

/**
 * Refuse (409 PRECONDITIONS_UNMET, listing them) when something is unmet and no override was
 * given; otherwise what to record as the override (null when nothing was overridden).
 */
export function resolveOverride(unmet: Precondition[], override: OverrideInput | undefined): DecreeOverride | null {
  if (unmet.length === 0) return null;
  if (!override) {
    throw conflict(
      'PRECONDITIONS_UNMET',
      `Belum siap ditetapkan: ${unmet.map((p) => p.message).join('; ')}. Lanjutkan hanya dengan alasan pengecualian.`,
      `Not ready to finalise: ${unmet.map((p) => p.messageEn).join('; ')}. Proceed only with an override reason.`,
      { preconditions: unmet },
    );
  }
  return { preconditions: unmet.map((p) => ({ code: p.code, count: p.count })), reason: override.reason.trim() };
}
