import { describe, expect, it } from 'vitest';
import { ageOn, type SuggestInput, suggestPrograms, unfitHousing } from './suggest.js';

const today = new Date('2026-11-23T00:00:00Z');
const base: SuggestInput = {
  household: { floorType: 'Keramik', wallType: 'Tembok', roofType: 'Genteng' },
  members: [],
  receipts: [],
  openProposals: [],
  today,
};

describe('suggested programs', () => {
  it('computes whole years of age', () => {
    expect(ageOn('2005-11-23', today)).toBe(21);
    expect(ageOn('2005-11-24', today)).toBe(20);
    expect(ageOn(null, today)).toBeNull();
  });

  it('suggests PIP for a school-age child, PBI Daerah without insurance, BLT DD without any aid', () => {
    const s = suggestPrograms({
      ...base,
      members: [
        { id: 1, name: 'Ayah', birthDate: '1980-01-01', attributes: { pbi: true } },
        { id: 2, name: 'Anak', birthDate: '2014-05-01', attributes: {} },
        { id: 3, name: 'Balita', birthDate: '2023-01-01', attributes: { pbi: 'YA' } },
      ],
    });
    expect(s.map((x) => [x.programCode, x.memberId])).toEqual([
      ['PIP', 2],
      ['PBI_DAERAH', 2],
      ['BLT_DD', null],
      ['BANSOS_APBD', null],
    ]);
  });

  it('does not suggest what is received or already proposed', () => {
    const s = suggestPrograms({
      ...base,
      members: [{ id: 2, name: 'Anak', birthDate: '2014-05-01', attributes: {} }],
      receipts: [{ programCode: 'PIP', memberId: 2 }],
      openProposals: [{ programCode: 'PBI_DAERAH', memberId: 2 }],
    });
    expect(s).toEqual([]);
  });

  it('suggests RTLH for an earth floor or bamboo walls', () => {
    expect(unfitHousing({ floorType: 'Tanah', wallType: 'Anyaman bambu', roofType: 'Genteng' })).toHaveLength(2);
    const s = suggestPrograms({
      ...base,
      household: { floorType: 'Tanah', wallType: 'Tembok', roofType: 'Genteng' },
      receipts: [{ programCode: 'PKH', memberId: null }],
    });
    expect(s.map((x) => x.programCode)).toEqual(['RTLH']);
    expect(s[0]?.reason.id).toContain('lantai tanah');
  });
});
