import { describe, expect, it } from 'vitest';
import { readKabupatenTree, tidyName } from './service.js';

describe('region tree from idn-area-data', () => {
  it('reads Kabupaten Probolinggo with 24 kecamatan and 330 desa/kelurahan', async () => {
    const rows = await readKabupatenTree('35.13');
    expect(rows.find((r) => r.code === '35.13')?.name).toBe('Kabupaten Probolinggo');
    expect(rows.filter((r) => r.level === 3)).toHaveLength(24);
    expect(rows.filter((r) => r.level === 4)).toHaveLength(330);
    expect(rows.filter((r) => r.parent_code === '35.13.06')).toHaveLength(14);
    expect(rows.find((r) => r.code === '35.13.06')?.name).toBe('Banyuanyar');
  });

  it('rejects malformed and unknown codes', async () => {
    await expect(readKabupatenTree('3513')).rejects.toMatchObject({ code: 'INVALID_REGION_CODE' });
    await expect(readKabupatenTree('35.99')).rejects.toMatchObject({ code: 'UNKNOWN_REGION' });
  });

  it('title-cases upper-case names only', () => {
    expect(tidyName('KABUPATEN PROBOLINGGO')).toBe('Kabupaten Probolinggo');
    expect(tidyName('Banyuanyar')).toBe('Banyuanyar');
  });
});
