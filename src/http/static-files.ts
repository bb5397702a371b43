import type { FastifyReply } from 'fastify';

/** Vite writes content-hashed file names under /assets/: a new build never reuses a name. */
const HASHED_ASSET = /(^|[\\/])assets[\\/]/;

/**
 * Cache-Control of a file of the built web app. Hashed assets are kept for a year without
 * revalidation; everything else (index.html, the service worker, the web manifest, icons)
 * is revalidated on every use so a new release reaches the phones at once.
 */
export function staticCacheControl(filePath: string): string {
  return HASHED_ASSET.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** `setHeaders` of @fastify/static. */
export function setStaticHeaders(reply: FastifyReply, filePath: string): void {
  reply.header('cache-control', staticCacheControl(filePath));
}
