import { z } from 'zod';
/** The roles of docs/design.md ("Who uses it"). Stored as these codes; the UI shows the labels. */
export const ROLES = [
  'admin_kabupaten',
  'pimpinan',
  'opd_pendamping',
  'operator_kecamatan',
  'operator_desa',
  'pendamping',
  'dinsos',
] as const;

export type Role = (typeof ROLES)[number];

/** The role codes as a named schema: the OpenAPI document lists them once, the web app's pickers read them from there. */
export const roleSchema = z.enum(ROLES).meta({ id: 'Role' });

export const ROLE_LABELS: Record<Role, { id: string; en: string }> = {
  admin_kabupaten: { id: 'Admin kabupaten', en: 'Regency admin' },
  pimpinan: { id: 'Pimpinan', en: 'Leadership' },
  opd_pendamping: { id: 'OPD pendamping', en: 'Assigned agency' },
  operator_kecamatan: { id: 'Operator kecamatan', en: 'District operator' },
  operator_desa: { id: 'Operator desa', en: 'Village operator' },
  pendamping: { id: 'Pendamping', en: 'Facilitator' },
  dinsos: { id: 'Dinsos', en: 'Social affairs office' },
};

/** Region level (1 provinsi … 4 desa) a role may be held on, at the broadest and narrowest. */
export const ROLE_LEVELS: Record<Role, { min: number; max: number }> = {
  admin_kabupaten: { min: 2, max: 2 },
  pimpinan: { min: 2, max: 3 },
  opd_pendamping: { min: 2, max: 4 },
  operator_kecamatan: { min: 3, max: 3 },
  operator_desa: { min: 4, max: 4 },
  pendamping: { min: 3, max: 4 },
  dinsos: { min: 2, max: 2 },
};

/** What each role may do is stated once, in access/policy.ts. */

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
