import { describe, expect, it } from 'vitest';
import { PRIORITY_WEIGHTS, priorityScore } from './priority.js';

describe('priority score', () => {
  const none = { noAid: false, elderly: false, alone: false, disabled: false, sick: false };

  it('adds the documented weights of the factors that hold', () => {
    expect(priorityScore(none)).toBe(0);
    expect(priorityScore({ ...none, noAid: true })).toBe(30);
    expect(priorityScore({ ...none, noAid: true, elderly: true, alone: true })).toBe(70);
    expect(priorityScore({ noAid: true, elderly: true, alone: true, disabled: true, sick: true })).toBe(110);
  });

  it('weighs no intervention yet above any single other factor', () => {
    const others = Object.entries(PRIORITY_WEIGHTS).filter(([k]) => k !== 'noAid');
    for (const [, w] of others) expect(PRIORITY_WEIGHTS.noAid).toBeGreaterThan(w);
  });
});
