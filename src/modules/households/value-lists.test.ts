import { describe, expect, it } from 'vitest';
import { fieldDef, readField } from '../criteria/fields.js';
import { EDITABLE_FIELDS } from '../verval/outcome.js';
import { VALUE_LISTS } from './value-lists.js';

describe('registry value lists', () => {
  it('cover only fields a verval may correct', () => {
    for (const field of Object.keys(VALUE_LISTS)) expect(Object.keys(EDITABLE_FIELDS)).toContain(field);
  });
  it('hold texts the criteria engine recognises, each list without repeats', () => {
    for (const [field, values] of Object.entries(VALUE_LISTS)) {
      const def = fieldDef(field);
      expect(def?.type, field).toBe('enum');
      expect(new Set(values).size, field).toBe(values.length);
      for (const v of values) expect(readField(def!, v).value, `${field}: ${v}`).not.toBeNull();
    }
  });
  it('reach every code of each field', () => {
    for (const [field, values] of Object.entries(VALUE_LISTS)) {
      const def = fieldDef(field)!;
      const codes = new Set(values.map((v) => readField(def, v).value));
      // TOILET "ADA" is the P3KE yes/no flag's reading, not a choice to offer.
      const expected = (def.codes ?? []).filter((c) => !(field === 'toilet' && c === 'ADA'));
      expect([...codes].sort(), field).toEqual([...expected].sort());
    }
  });
});
