/** The parts of shpjs (6.x) used here: it ships no types. */
declare module 'shpjs' {
  /** Geometries of a .shp, reprojected to WGS84 when `prj` (the .prj text) is given. */
  export function parseShp(shp: Uint8Array | ArrayBuffer, prj?: string): unknown[];
  /** Attribute rows of a .dbf, decoded with the code page of `cpg` (the .cpg text). */
  export function parseDbf(dbf: Uint8Array | ArrayBuffer, cpg?: string): Record<string, unknown>[];
}
