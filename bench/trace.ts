/**
 * `npm run bench -- trace [--households 300000] [--engine postgres|pglite] [--every 0.5]`: one
 * first load of the benchmark pair into a fresh database, with where the CPU went while it ran.
 * Every `--every` seconds it samples the CPU of this process (the reader thread, the main thread
 * and, for PGlite, the database) and of every `postgres` process on this machine (from
 * /proc/<pid>/stat; so the server counts only when it runs here, as the CI's does), and prints
 * the import's phases and a line per sample: cores busy in Node and in the server. Used for
 * docs/adr/0009 and 0010: a phase where neither side fills its core is where time can still go.
 */
import fs from 'node:fs';
import { SYSTEM_ACTOR } from '../src/app.js';
import { importP3ke } from '../src/modules/registry/import/index.js';
import { type Engine, freshBenchContext } from './context.js';
import { benchPair } from './data.js';
import { describeMachine } from './machine.js';
import { countOption, option } from './options.js';

const households = countOption('households', 300_000);
const engine = option('engine', process.env.DATABASE_URL ? 'postgres' : 'pglite') as Engine;
const every = Number(option('every', '0.5'));
if (engine !== 'pglite' && engine !== 'postgres') throw new Error('--engine is pglite or postgres');
if (engine === 'postgres' && !process.env.DATABASE_URL) throw new Error('--engine postgres needs DATABASE_URL');
if (!(every >= 0.1)) throw new Error('--every must be at least 0.1 seconds');

/** CPU seconds of every process named postgres (user + system, children included); 0 where /proc is missing. */
function serverCpuSeconds(): number {
  const ticksPerSecond = 100; // USER_HZ on Linux
  let total = 0;
  let pids: string[] = [];
  try {
    pids = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return 0;
  }
  for (const pid of pids) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    if (!name.startsWith('postgres')) continue;
    // Fields after "(name) ": state is field 3, utime 14, stime 15, cutime 16, cstime 17.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    total += (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / ticksPerSecond;
  }
  return total;
}

const nodeCpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const pair = await benchPair(households, 2024);
const { ctx, version, close } = await freshBenchContext(engine);
const machine = describeMachine();
try {
  const lines: string[] = [];
  const t0 = performance.now();
  const at = () => (performance.now() - t0) / 1000;
  const node0 = nodeCpuSeconds();
  const server0 = serverCpuSeconds();
  let last = { t: 0, node: node0, server: server0 };
  const samples = setInterval(() => {
    const now = { t: at(), node: nodeCpuSeconds(), server: serverCpuSeconds() };
    const dt = now.t - last.t;
    lines.push(
      `${now.t.toFixed(1).padStart(6)} s   node ${((now.node - last.node) / dt).toFixed(2)}   server ${((now.server - last.server) / dt).toFixed(2)}`,
    );
    last = now;
  }, every * 1000);
  let phase = '';
  try {
    await importP3ke(ctx, { familyPath: pair.familyPath, memberPath: pair.memberPath, edition: 'trace' }, SYSTEM_ACTOR, (p) => {
      const name = p.phase.startsWith('membaca') ? p.phase : `${p.phase} ${p.done}/${p.total}`;
      if (name === phase) return;
      phase = name;
      lines.push(`${at().toFixed(1).padStart(6)} s   — ${name}`);
    });
  } finally {
    clearInterval(samples);
  }
  const seconds = at();
  const nodeCpu = nodeCpuSeconds() - node0;
  const serverCpu = serverCpuSeconds() - server0;
  console.log(`\nMachine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGb} GB RAM, ${machine.os}, Node ${machine.node}`);
  console.log(`${engine}: ${version}; ${households.toLocaleString('en-US')} households + ${pair.members.toLocaleString('en-US')} members`);
  console.log('Cores busy per sample (1.00 = one core all the time); phases as the import reports them:');
  console.log(lines.join('\n'));
  console.log(
    `First load ${seconds.toFixed(2)} s: CPU of Node ${nodeCpu.toFixed(2)} s, of the PostgreSQL server ${serverCpu.toFixed(2)} s` +
      (engine === 'pglite' ? ' (PGlite runs inside Node)' : ''),
  );
} finally {
  await close();
}
