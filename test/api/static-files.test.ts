import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * The built web app as a phone on weak mobile data receives it: precompressed twins
 * (scripts/compress-web.mjs) chosen by Accept-Encoding, hashed assets cached for a year,
 * index.html / service worker / manifest revalidated on every use.
 */
let server: TestServer;
let dist: string;
const JS = `export const greeting = ${JSON.stringify('Selamat datang di Sasmita. '.repeat(200))};\n`;
const HTML = '<!doctype html><html lang="id"><head><title>Sasmita</title></head><body><div id="root"></div></body></html>';
const IMMUTABLE = 'public, max-age=31536000, immutable';

function write(rel: string, content: string, twins = true): void {
  const file = path.join(dist, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  if (twins) {
    fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(content));
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(content));
  }
}

beforeAll(async () => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'sasmita-dist-'));
  write('index.html', HTML);
  write('assets/VervalPage-AbC123xy.js', JS);
  write('assets/mantine-Zz9.css', 'body{color:#212529}', false);
  write('sw.js', `self.addEventListener('install', () => {}); // ${'x'.repeat(600)}`);
  write('manifest.webmanifest', JSON.stringify({ name: 'Sasmita', short_name: 'Sasmita', start_url: '/' }), false);
  server = await startTestServer({ webDist: dist });
});
afterAll(async () => {
  await server?.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

const get = (url: string, acceptEncoding?: string) =>
  server.app.inject({ method: 'GET', url, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

describe('static web app files', () => {
  it('sends hashed assets brotli-compressed and immutable when the browser accepts br', async () => {
    const res = await get('/assets/VervalPage-AbC123xy.js', 'br, gzip');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
    expect(String(res.headers['content-type'])).toMatch(/javascript/);
    expect(res.rawPayload.length).toBeLessThan(JS.length / 5);
    expect(zlib.brotliDecompressSync(res.rawPayload).toString()).toBe(JS);
  });

  it('falls back to gzip, then to the plain file, keeping the year-long caching', async () => {
    const gz = await get('/assets/VervalPage-AbC123xy.js', 'gzip, deflate');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(JS);
    expect(gz.headers['cache-control']).toBe(IMMUTABLE);

    const plain = await get('/assets/VervalPage-AbC123xy.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(JS);
    expect(plain.headers['cache-control']).toBe(IMMUTABLE);

    // A file without twins is sent as is.
    const css = await get('/assets/mantine-Zz9.css', 'br');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-encoding']).toBeUndefined();
    expect(css.headers['cache-control']).toBe(IMMUTABLE);
  });

  it('revalidates index.html, client routes, the service worker and the manifest on every use', async () => {
    for (const url of ['/', '/index.html', '/verval', '/verval/123?period=1']) {
      const res = await get(url, 'br');
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.headers['content-encoding'], url).toBe('br');
      expect(zlib.brotliDecompressSync(res.rawPayload).toString(), url).toBe(HTML);
    }
    const sw = await get('/sw.js', 'gzip');
    expect(sw.statusCode).toBe(200);
    expect(sw.headers['cache-control']).toBe('no-cache');
    const manifest = await get('/manifest.webmanifest');
    expect(manifest.statusCode).toBe(200);
    expect(manifest.headers['cache-control']).toBe('no-cache');
    expect(manifest.json()).toMatchObject({ short_name: 'Sasmita' });
  });

  it('answers 404 for a missing hashed asset and an unknown API route, never index.html', async () => {
    const asset = await get('/assets/VervalPage-OldHash1.js', 'br');
    expect(asset.statusCode).toBe(404);
    expect(String(asset.headers['content-type'])).not.toMatch(/html/);
    const apiRes = await get('/api/v1/no-such-route');
    expect(apiRes.statusCode).toBe(404);
    expect(apiRes.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});
