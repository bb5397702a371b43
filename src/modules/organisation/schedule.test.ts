import { describe, expect, it } from 'vitest';
import { currentStages, effectiveStages, overdueDesa, type StageLike, stageArea } from './schedule.js';

const stages: StageLike[] = [
  { id: 1, kind: 'verval', startDate: '2024-02-01', endDate: '2024-02-17', kecamatanCode: null },
  { id: 2, kind: 'musdes', startDate: '2024-02-19', endDate: '2024-02-28', kecamatanCode: null },
  { id: 3, kind: 'verval', startDate: '2024-02-01', endDate: '2024-02-24', kecamatanCode: '35.13.06' },
];
const desa = [
  { code: '35.13.06.2005', kecamatanCode: '35.13.06' },
  { code: '35.13.06.2013', kecamatanCode: '35.13.06' },
  { code: '35.13.07.2001', kecamatanCode: '35.13.07' },
  { code: '35.13.07.2002', kecamatanCode: '35.13.07' },
];

describe('schedule rules', () => {
  it('lets a kecamatan stage replace the kabupaten stage of the same kind', () => {
    expect(effectiveStages(stages, '35.13.06').map((s) => s.id)).toEqual([3, 2]);
    expect(effectiveStages(stages, '35.13.07').map((s) => s.id)).toEqual([1, 2]);
    expect(effectiveStages(stages, null).map((s) => s.id)).toEqual([1, 2]);
  });

  it('finds the stages under way on a date, both ends included', () => {
    expect(currentStages(stages, '2024-02-17', null).map((s) => s.id)).toEqual([1]);
    expect(currentStages(stages, '2024-02-18', null)).toEqual([]);
    expect(currentStages(stages, '2024-02-24', '35.13.06').map((s) => s.id)).toEqual([3, 2]);
  });

  it('gives a kabupaten stage the desa of kecamatan without their own stage of that kind', () => {
    expect(stageArea(stages[0]!, stages, desa).map((d) => d.code)).toEqual(['35.13.07.2001', '35.13.07.2002']);
    expect(stageArea(stages[1]!, stages, desa)).toHaveLength(4);
    expect(stageArea(stages[2]!, stages, desa).map((d) => d.code)).toEqual(['35.13.06.2005', '35.13.06.2013']);
  });

  it('lists as overdue the desa without completed work, only after the stage ended', () => {
    const done = new Set(['35.13.07.2001']);
    expect(overdueDesa(stages[0]!, stages, desa, done, '2024-02-17')).toEqual([]);
    expect(overdueDesa(stages[0]!, stages, desa, done, '2024-02-18').map((d) => d.code)).toEqual(['35.13.07.2002']);
    expect(overdueDesa(stages[2]!, stages, desa, new Set(['35.13.06.2005', '35.13.06.2013']), '2024-03-01')).toEqual([]);
    expect(overdueDesa(stages[1]!, stages, desa, new Set(), '2024-03-01')).toHaveLength(4);
  });
});
