import { describe, expect, it } from 'vitest';
import { RepeatMap } from './repeat-map.js';

describe('RepeatMap', () => {
  it('answers repeated, alternating and missing keys as a Map does, also after a key is set again', () => {
    const m = new RepeatMap<number>();
    m.set('F1', 1).set('F2', 2);
    const lookups = ['F1', 'F1', 'F2', 'F1', 'X', 'F1', 'X', 'X', 'F2'].map((k) => m.get(k));
    expect(lookups).toEqual([1, 1, 2, 1, undefined, 1, undefined, undefined, 2]);
    m.set('F2', 20);
    expect(m.get('F2')).toBe(20);
    // A key missing when looked up and set afterwards is found.
    m.set('X', 3);
    expect(m.get('X')).toBe(3);
    expect(m.has('F1')).toBe(true);
    expect(m.has('Y')).toBe(false);
    expect(m.size).toBe(3);
  });
});
