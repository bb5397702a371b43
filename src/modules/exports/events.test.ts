import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { firstEvent, untilEvent } from './events.js';

describe('waiting on stream events', () => {
  it('firstEvent resolves on whichever event comes first and leaves no listener behind', async () => {
    const stream = new EventEmitter();
    for (let i = 0; i < 50; i++) {
      const waiting = firstEvent([stream, 'drain'], [stream, 'close']);
      stream.emit('drain');
      await waiting;
    }
    expect(stream.listenerCount('drain')).toBe(0);
    expect(stream.listenerCount('close')).toBe(0);
    const other = new EventEmitter();
    const waiting = firstEvent([stream, 'end'], [other, 'close']);
    other.emit('close');
    await waiting;
    expect(stream.listenerCount('end') + other.listenerCount('close')).toBe(0);
  });

  it('untilEvent gives the work’s result, or undefined when the event comes first, and cleans up either way', async () => {
    const out = new EventEmitter();
    expect(await untilEvent(Promise.resolve(7), out, 'close')).toBe(7);
    await expect(untilEvent(Promise.reject(new Error('rusak')), out, 'close')).rejects.toThrow('rusak');
    const never = new Promise<number>(() => {});
    const waiting = untilEvent(never, out, 'close');
    out.emit('close');
    expect(await waiting).toBeUndefined();
    expect(out.listenerCount('close')).toBe(0);
  });
});
