/** File kinds Sasmita accepts as evidence or attachments, recognised by their first bytes. */
export type BlobKind = 'jpeg' | 'png' | 'webp' | 'pdf';

export const BLOB_MIME: Record<BlobKind, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  pdf: 'application/pdf',
};

/** Bytes needed to recognise every supported kind. */
export const SNIFF_BYTES = 12;

const startsWith = (head: Uint8Array, bytes: number[], offset = 0) =>
  head.length >= offset + bytes.length && bytes.every((b, i) => head[offset + i] === b);

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/**
 * The real kind of a file from its magic bytes; the file name and the client's mime type are
 * never trusted. Returns null for anything else.
 */
export function sniffKind(head: Uint8Array): BlobKind | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(head, ascii('%PDF-'))) return 'pdf';
  return null;
}
