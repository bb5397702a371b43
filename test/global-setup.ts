import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** CLI and process tests run the compiled `sasmita` command: compile the server once per run. */
export default function setup() {
  const root = path.resolve(import.meta.dirname, '..');
  execFileSync(path.join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}
