import { isKeyInteger, isKeyText } from '../../http/cursor-keys.js';
import { badRequest } from '../../http/errors.js';

/** Opaque keyset cursors for the verval lists: the sort keys of the last row, as base64url JSON. */

export function encodeCursor(keys: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

/** Decode a cursor and check its shape (`valid`); anything else is a 400 on `after`. */
export function decodeCursor<T extends unknown[]>(raw: string, valid: (keys: unknown[]) => boolean): T {
  try {
    const keys = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    // Every key is text the database accepts or a safe integer; `valid` then checks the shape.
    const clean = (k: unknown) => isKeyText(k) || isKeyInteger(k, true);
    if (Array.isArray(keys) && keys.every(clean) && valid(keys)) return keys as T;
  } catch {
    // fall through to the 400
  }
  throw badRequest('CURSOR_INVALID', 'Penanda halaman tidak valid', 'Invalid page cursor', { field: 'after' });
}
