import { badRequest } from '../../http/errors.js';

/** Opaque keyset cursors for the verval lists: the sort keys of the last row, as base64url JSON. */

export function encodeCursor(keys: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

/** Decode a cursor and check its shape (`valid`); anything else is a 400 on `after`. */
export function decodeCursor<T extends unknown[]>(raw: string, valid: (keys: unknown[]) => boolean): T {
  try {
    const keys = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(keys) && valid(keys)) return keys as T;
  } catch {
    // fall through to the 400
  }
  throw badRequest('CURSOR_INVALID', 'Penanda halaman tidak valid', 'Invalid page cursor', { field: 'after' });
}
