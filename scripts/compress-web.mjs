// After `vite build`: writes a brotli (.br) and a gzip (.gz) twin of every compressible file of
// web/dist, so the server (@fastify/static with `preCompressed`) sends them without compressing
// on each request. Phones on weak mobile data get about a quarter of the bytes.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const dist = path.resolve(import.meta.dirname, '../web/dist');
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|txt|map)$/;
/** Below this size the headers cost more than compression saves. */
const MIN_BYTES = 512;

function* files(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (COMPRESSIBLE.test(e.name)) yield p;
  }
}

if (!fs.existsSync(dist)) {
  console.error(`${dist} missing: run "vite build" first`);
  process.exit(1);
}
let raw = 0;
let br = 0;
let gz = 0;
let count = 0;
for (const file of files(dist)) {
  const data = fs.readFileSync(file);
  if (data.length < MIN_BYTES) continue;
  const b = zlib.brotliCompressSync(data, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  });
  const g = zlib.gzipSync(data, { level: 9 });
  fs.writeFileSync(`${file}.br`, b);
  fs.writeFileSync(`${file}.gz`, g);
  raw += data.length;
  br += b.length;
  gz += g.length;
  count++;
}
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
console.log(`compressed ${count} files of web/dist: ${kb(raw)} → brotli ${kb(br)}, gzip ${kb(gz)}`);

// What a phone downloads to open the verval worklist: the entry chunk and the verval page's
// chunk with everything they import statically (Vite's build manifest).
const manifestFile = path.join(dist, '.vite/manifest.json');
if (fs.existsSync(manifestFile)) {
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  const needed = new Set();
  const visit = (key) => {
    const chunk = manifest[key];
    if (!chunk || needed.has(chunk.file)) return;
    needed.add(chunk.file);
    for (const k of chunk.imports ?? []) visit(k);
  };
  visit('index.html');
  visit('src/modules/verval/VervalPage.tsx');
  const size = (f, ext) => {
    const p = path.join(dist, f + ext);
    return fs.existsSync(p) ? fs.statSync(p).size : fs.statSync(path.join(dist, f)).size;
  };
  const js = [...needed].filter((f) => f.endsWith('.js'));
  const sum = (ext) => js.reduce((n, f) => n + size(f, ext), 0);
  console.log(`verval route: ${js.length} JS files, ${kb(sum(''))} → brotli ${kb(sum('.br'))}, gzip ${kb(sum('.gz'))} (budget 250 KB)`);
}
