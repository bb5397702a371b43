import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { WEB_DIST } from './harness.js';

/**
 * Issue 21: the verval pages must need at most 250 KB of compressed JavaScript on a cheap
 * phone. Read from the built app's manifest (web/dist/.vite/manifest.json): the entry chunk and
 * each verval route's chunk with everything they import statically — what the phone downloads
 * before the page can show. Lazily imported pieces (dynamicImports) are not counted: they load
 * only when used.
 */

const BUDGET = 250 * 1024;
const ROUTES = ['src/modules/verval/VervalPage.tsx', 'src/modules/verval/VervalHouseholdPage.tsx'];

interface Chunk {
  file: string;
  imports?: string[];
}

function manifest(): Record<string, Chunk> {
  const file = path.join(WEB_DIST, '.vite/manifest.json');
  if (!fs.existsSync(file)) throw new Error(`${file} missing: run "npm run build:web" first`);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The JS files a route needs before it renders: the entry and the route chunk, with their static imports. */
export function routeFiles(m: Record<string, Chunk>, route: string): string[] {
  const needed = new Set<string>();
  const visit = (key: string) => {
    const chunk = m[key];
    if (!chunk || needed.has(chunk.file)) return;
    needed.add(chunk.file);
    for (const k of chunk.imports ?? []) visit(k);
  };
  visit('index.html');
  if (!m[route]) throw new Error(`${route} is not a chunk of the build: is the route still lazy-loaded?`);
  visit(route);
  return [...needed].filter((f) => f.endsWith('.js'));
}

/** Compressed size as served: the .br / .gz twin when written by compress-web.mjs, else compressed here. */
function compressed(file: string, kind: 'br' | 'gz'): number {
  const twin = path.join(WEB_DIST, `${file}.${kind}`);
  if (fs.existsSync(twin)) return fs.statSync(twin).size;
  const data = fs.readFileSync(path.join(WEB_DIST, file));
  return kind === 'br' ? zlib.brotliCompressSync(data).length : zlib.gzipSync(data, { level: 9 }).length;
}

describe('verval route JS budget', () => {
  const m = manifest();
  for (const route of ROUTES) {
    it(`${path.basename(route, '.tsx')} needs at most 250 KB of compressed JS (gzip and brotli)`, () => {
      const files = routeFiles(m, route);
      const gz = files.reduce((n, f) => n + compressed(f, 'gz'), 0);
      const br = files.reduce((n, f) => n + compressed(f, 'br'), 0);
      console.log(`${route}: ${files.length} JS files, gzip ${(gz / 1024).toFixed(0)} KB, brotli ${(br / 1024).toFixed(0)} KB`);
      expect(files.length).toBeGreaterThan(1);
      expect(gz).toBeLessThanOrEqual(BUDGET);
      expect(br).toBeLessThanOrEqual(BUDGET);
    });
  }
});
