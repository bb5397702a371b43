import type { EventEmitter } from 'node:events';

/**
 * Waiting on streams while writing a download. `events.once` raced against another event
 * leaves the losing listener behind on every wait: an export that waits for 'drain' a few
 * thousand times collected that many 'close' listeners (MaxListenersExceededWarning). These
 * remove every listener they add.
 */

/** Resolves on the first of the given events (emitter, event name). */
export function firstEvent(...targets: Array<readonly [EventEmitter, string]>): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      for (const [emitter, event] of targets) emitter.off(event, done);
      resolve();
    };
    for (const [emitter, event] of targets) emitter.on(event, done);
  });
}

/** Settles with `work`, or resolves as soon as `emitter` emits `event` (e.g. the client went away). */
export function untilEvent<T>(work: Promise<T>, emitter: EventEmitter, event: string): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const gone = () => resolve(undefined);
    emitter.once(event, gone);
    work.then(
      (value) => {
        emitter.off(event, gone);
        resolve(value);
      },
      (err: unknown) => {
        emitter.off(event, gone);
        reject(err);
      },
    );
  });
}
