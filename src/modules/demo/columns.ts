/**
 * The demo writes exactly the headers the importer reads (docs/domain/p3ke-columns.md),
 * so its files go through the same import as real data. One list serves both.
 */
import { ANGGOTA_COLUMNS, KELUARGA_COLUMNS } from '../registry/import/columns.js';

export const FAMILY_COLUMNS = KELUARGA_COLUMNS;
export const MEMBER_COLUMNS = ANGGOTA_COLUMNS;

export type FamilyColumn = (typeof FAMILY_COLUMNS)[number];
export type MemberColumn = (typeof MEMBER_COLUMNS)[number];
