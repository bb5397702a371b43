// Renders the app icons of the web manifest from the SVGs in web/public/icons/ with sharp.
// The PNGs are committed; run `npx node scripts/make-icons.mjs` again after changing an SVG.
// "maskable" has a full-bleed background and keeps the mark inside the central safe zone
// (Android crops it to a circle or a rounded square).
import path from 'node:path';
import sharp from 'sharp';

const dir = path.resolve(import.meta.dirname, '../web/public/icons');
const jobs = [
  ['icon.svg', 'icon-192.png', 192],
  ['icon.svg', 'icon-512.png', 512],
  ['icon-maskable.svg', 'icon-maskable-512.png', 512],
  ['icon-maskable.svg', 'apple-touch-icon-180.png', 180],
];
for (const [src, out, size] of jobs) {
  await sharp(path.join(dir, src), { density: (72 * size) / 32 })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toFile(path.join(dir, out));
  console.log(`${out} ${size}×${size}`);
}
