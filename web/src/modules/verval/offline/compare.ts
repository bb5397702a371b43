import type { Form } from '../form';
import { display } from '../form';
import { isLocalPhoto } from './outbox';

export interface CompareRow {
  what: string;
  device: string;
  server: string;
  differs: boolean;
}

/** Device version and server version of a record, part by part (every part either has), with the differing ones flagged. */
export function compareForms(device: Form, server: Form, t: (k: string) => string): CompareRow[] {
  const show = (v: unknown) => display(v, t('yes'), t('no'));
  const rows: CompareRow[] = [];
  const add = (what: string, a: unknown, b: unknown) => {
    rows.push({ what, device: show(a), server: show(b), differs: JSON.stringify(a ?? null) !== JSON.stringify(b ?? null) });
  };
  add(t('part.found'), device.found, server.found);
  add(t('part.outcome'), device.outcome && t(`outcome.${device.outcome}`), server.outcome && t(`outcome.${server.outcome}`));
  if (device.outcome === 'PINDAH' || server.outcome === 'PINDAH') {
    const dest = (f: Form) => f.destinationPlace || f.destinationDesaCode;
    add(t('view.destination'), dest(device), dest(server));
  }
  add(t('reason'), device.outcomeReason, server.outcomeReason);
  for (const f of new Set([...Object.keys(device.updates), ...Object.keys(server.updates)])) {
    add(t(`field.${f}`), device.updates[f as keyof Form['updates']], server.updates[f as keyof Form['updates']]);
  }
  for (const k of new Set([...Object.keys(device.indicators), ...Object.keys(server.indicators)])) {
    add(k, device.indicators[k], server.indicators[k]);
  }
  const members = (f: Form) => f.memberChanges.map((m) => (m.type === 'REMOVE' ? `− ${m.name ?? m.memberId}` : `+ ${m.name}`)).join(', ');
  add(t('part.members'), members(device), members(server));
  // Photos on the device are not yet on the server: compare counts.
  add(t('part.photos'), device.photos.length, server.photos.filter((p) => !isLocalPhoto(p)).length);
  add(t('part.gps'), device.gps && `${device.gps.lat}, ${device.gps.lon}`, server.gps && `${server.gps.lat}, ${server.gps.lon}`);
  add(t('part.note'), device.note, server.note);
  return rows;
}
