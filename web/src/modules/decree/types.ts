import type { Schemas } from '../../lib/api/client';

/** Shapes of the /api/v1/decrees answers, generated from the server's OpenAPI document (ADR 0015). */

export type Totals = Schemas['DecreeTotals'];
export type KecamatanTotal = Totals['kecamatan'][number];
export type DesaTotal = KecamatanTotal['desa'][number];

export type Precondition = Schemas['DecreePrecondition'];

export type Decree = Schemas['Decree'];

export type DecreeDetail = Schemas['DecreeDetail'];

export type DiffEntry = Schemas['DecreeDiffEntry'];
