// The whole test run behind `npm test`: build, lint and type-check, then every test on the
// embedded PGlite and — when DATABASE_URL is set — the database-backed suites (test/api,
// test/cli, test/security) again on PostgreSQL. Prints one closing line "N passed, N failed"
// over both.
//
// The machine CI runs on has two cores, so nothing waits that need not: the build and the
// lint run as two concurrent chains, and the PGlite and PostgreSQL passes are the two projects
// of ONE vitest run (vitest.config.ts), sharing its workers, rather than one after the other.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const resultsDir = path.join(root, 'test-results');
fs.mkdirSync(resultsDir, { recursive: true });

const seconds = (start) => `${((Date.now() - start) / 1000).toFixed(1)} s`;

/** Run a command with its output buffered and printed in one piece when it ends (chains run side by side). */
function step(label, cmd, args) {
  return new Promise((resolve) => {
    const start = Date.now();
    const child = spawn(cmd, args, { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('close', (code) => {
      console.log(`\n=== ${label} (${code === 0 ? 'ok' : `exit ${code}`}, ${seconds(start)}) ===`);
      if (out.trim()) process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
      resolve(code ?? 1);
    });
  });
}

/** Steps one after the other; stops at the first failure. */
async function chain(...steps) {
  for (const s of steps) {
    const code = await s();
    if (code !== 0) return code;
  }
  return 0;
}

const started = Date.now();
// Chain A builds (the web app's API types come from the compiled server; the browser tests
// need the built web app). Chain B lints and type-checks; the web app is checked once its API
// types are regenerated, so a server change that breaks it fails here.
let apiTypesReady;
const apiTypes = new Promise((resolve) => {
  apiTypesReady = resolve;
});
const [buildCode, lintCode] = await Promise.all([
  chain(
    () => step('build: server', 'npm', ['run', '--silent', 'build:server']),
    async () => {
      const code = await step('build: API types', 'npm', ['run', '--silent', 'gen:api']);
      apiTypesReady(code);
      return code;
    },
    () => step('build: web', 'npm', ['run', '--silent', 'build:web']),
  ).then((code) => {
    apiTypesReady(code);
    return code;
  }),
  chain(
    () => step('type-check: server, tests, bench', bin('tsc'), ['-p', '.']),
    () => step('lint', bin('biome'), ['check', '.']),
    async () => ((await apiTypes) === 0 ? step('type-check: web', bin('tsc'), ['-p', 'web']) : 1),
  ),
]);
console.log(`\nbuild, lint and type-check: ${seconds(started)}`);
if (buildCode !== 0 || lintCode !== 0) {
  console.log('\n0 passed, 1 failed');
  process.exit(1);
}

const { DATABASE_URL, ...env } = process.env;
// dist/ was just built: the tests' global setup need not compile it again.
env.SASMITA_TEST_DIST_READY = '1';
if (DATABASE_URL) env.SASMITA_TEST_POSTGRES_URL = DATABASE_URL;
else console.log('\nPostgreSQL suites skipped: set DATABASE_URL=postgres://… to run them (CI does).');

const json = path.join(resultsDir, 'vitest.json');
fs.rmSync(json, { force: true });
const testsStart = Date.now();
console.log(`\n=== tests (${DATABASE_URL ? 'PGlite and PostgreSQL' : 'PGlite'}) ===`);
const status = await new Promise((resolve) => {
  const child = spawn(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${json}`], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  child.on('close', (code) => resolve(code ?? 1));
});
let passed = 0;
let failed = 0;
if (fs.existsSync(json)) {
  const report = JSON.parse(fs.readFileSync(json, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = report.numFailedTests ?? 0;
}
// A suite that fails to load has no failed test of its own: still count it.
if (status !== 0 && failed === 0) failed = 1;
console.log(`\ntests: ${seconds(testsStart)}; whole run: ${seconds(started)}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(status === 0 ? 0 : 1);
