// The whole test run behind `npm test`: build, lint and type-check, every test on the
// embedded PGlite, then — when DATABASE_URL is set — the database-backed suites again on
// PostgreSQL. Prints one closing line "N passed, N failed" over both runs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const resultsDir = path.join(root, 'test-results');
fs.mkdirSync(resultsDir, { recursive: true });

function run(label, cmd, args, env = process.env) {
  console.log(`\n=== ${label} ===`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  return r.status ?? 1;
}

function vitest(label, args, env) {
  const json = path.join(resultsDir, `${label}.json`);
  fs.rmSync(json, { force: true });
  const status = run(`tests (${label})`, bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${json}`, ...args], env);
  let passed = 0;
  let failed = 0;
  if (fs.existsSync(json)) {
    const report = JSON.parse(fs.readFileSync(json, 'utf8'));
    passed = report.numPassedTests ?? 0;
    failed = report.numFailedTests ?? 0;
  }
  // A suite that fails to load has no failed test of its own: still count it.
  if (status !== 0 && failed === 0) failed = 1;
  return { status, passed, failed };
}

let status = run('build', 'npm', ['run', 'build']);
if (status === 0) status = run('lint + type-check', 'npm', ['run', 'lint']);
if (status !== 0) {
  console.log('\n0 passed, 1 failed');
  process.exit(status);
}

const { DATABASE_URL, ...withoutPg } = process.env;
const results = [vitest('pglite', [], withoutPg)];
if (DATABASE_URL) {
  results.push(vitest('postgres', ['test/api', 'test/cli', 'test/security'], process.env));
} else {
  console.log('\nPostgreSQL suites skipped: set DATABASE_URL=postgres://… to run them (CI does).');
}
const passed = results.reduce((a, r) => a + r.passed, 0);
const failed = results.reduce((a, r) => a + r.failed, 0);
const code = results.some((r) => r.status !== 0) ? 1 : 0;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(code);
