import fs from 'node:fs';
import os from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  ramGb: number;
  node: string;
  os: string;
}

/** The machine the figures were measured on: CPU model (from /proc/cpuinfo when present), cores, RAM, Node. */
export function describeMachine(): Machine {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  let cores = os.cpus().length;
  try {
    const info = fs.readFileSync('/proc/cpuinfo', 'utf8');
    const model = /^model name\s*:\s*(.+)$/m.exec(info)?.[1];
    if (model) cpu = model.trim();
    cores = (info.match(/^processor\s*:/gm) ?? []).length || cores;
  } catch {
    // Not Linux: os.cpus() is all there is.
  }
  return {
    cpu,
    cores,
    ramGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}
