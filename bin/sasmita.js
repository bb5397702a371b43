#!/usr/bin/env node
// The `sasmita` command. Runs the compiled CLI (npm run build produces dist/).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(`sasmita: Node ${process.versions.node} is too old; run it through npm (npx sasmita …) to use the pinned Node 22.`);
  process.exit(1);
}
const main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(main)) {
  console.error('sasmita: not built yet; run `npm run build` first.');
  process.exit(1);
}
await import(main);
