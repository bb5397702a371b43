import type { PassThrough } from 'node:stream';
import PDFDocument from 'pdfkit';
import { firstEvent } from './events.js';

/**
 * Long PDF documents (hundreds of thousands of table rows) written page by page with pdfkit
 * and streamed: each page's content is built here as PDF operators (single lines of text in
 * the standard Helvetica fonts, rules, fills) and handed to pdfkit as one string when the page
 * is complete; pdfkit writes a page out when the next one starts (bufferPages stays off), so
 * memory stays flat. Text is measured with the same width tables it is drawn with and never
 * wrapped by pdfkit, so a layout computed in a measuring pass without any document is exactly
 * the one drawn afterwards (page counts known before the first page is written).
 *
 * Why not pdfkit's text(): it costs ~6 µs per fragment (save/transform/restore and a Buffer per
 * operator), 17 s for 300,000 rows of 7 cells; a page of operators built as one string draws the
 * same rows in ~2 s. Standard fonts only: nothing embedded, no file or URL is ever read.
 */

export type FontName = 'Helvetica' | 'Helvetica-Bold';
const FONTS: readonly FontName[] = ['Helvetica', 'Helvetica-Bold'];

/** A4 portrait in points. */
export const A4 = { width: 595.28, height: 841.89 } as const;

/** Helvetica's ascender and descender (AFM units): a line's box and baseline. */
const ASCENDER = 718;
const DESCENDER = -207;

// WinAnsiEncoding (the standard fonts' encoding): Latin-1 plus these in 0x80–0x9F.
// biome-ignore format: a table
const WIN_ANSI_EXTRA: ReadonlyArray<[number, number]> = [
  [0x20ac, 0x80], [0x201a, 0x82], [0x0192, 0x83], [0x201e, 0x84], [0x2026, 0x85], [0x2020, 0x86], [0x2021, 0x87],
  [0x02c6, 0x88], [0x2030, 0x89], [0x0160, 0x8a], [0x2039, 0x8b], [0x0152, 0x8c], [0x017d, 0x8e], [0x2018, 0x91],
  [0x2019, 0x92], [0x201c, 0x93], [0x201d, 0x94], [0x2022, 0x95], [0x2013, 0x96], [0x2014, 0x97], [0x02dc, 0x98],
  [0x2122, 0x99], [0x0161, 0x9a], [0x203a, 0x9b], [0x0153, 0x9c], [0x017e, 0x9e], [0x0178, 0x9f],
];
const EXTRA_CODE = new Map(WIN_ANSI_EXTRA);

/** The WinAnsi byte of a UTF-16 code unit: '?' for what the standard fonts cannot show. */
function winAnsiCode(c: number): number {
  if (c < 0x20) return 0x20;
  if (c < 0x7f || (c >= 0xa0 && c <= 0xff)) return c;
  return EXTRA_CODE.get(c) ?? 0x3f;
}

/** Advance widths per WinAnsi byte, in 1/1000 em, read from pdfkit's AFM metrics once. */
let widthTables: Record<FontName, Float64Array> | undefined;

function widths(font: FontName): Float64Array {
  if (!widthTables) {
    const doc = new PDFDocument({ autoFirstPage: false });
    const unicode = new Map(WIN_ANSI_EXTRA.map(([u, b]) => [b, u]));
    const tables = {} as Record<FontName, Float64Array>;
    for (const name of FONTS) {
      doc.font(name).fontSize(1000);
      const t = new Float64Array(256);
      for (let b = 0x20; b < 256; b++) {
        const u = b >= 0x80 && b < 0xa0 ? unicode.get(b) : b;
        if (u !== undefined) t[b] = doc.widthOfString(String.fromCharCode(u));
      }
      tables[name] = t;
    }
    widthTables = tables;
  }
  return widthTables[font];
}

/** Width of one line of text in points (no kerning, as drawn). */
export function textWidth(text: string, font: FontName, size: number): number {
  const t = widths(font);
  let w = 0;
  for (let i = 0; i < text.length; i++) w += t[winAnsiCode(text.charCodeAt(i))] ?? 0;
  return (w * size) / 1000;
}

/**
 * Break text into lines no wider than `width`: whitespace collapsed, words kept whole where
 * they fit, a word wider than the line split by characters. At most `maxLines` lines (the last
 * one ends in '…' when text was cut). Empty text is one empty line.
 */
export function wrapText(text: string, font: FontName, size: number, width: number, maxLines = 12): string[] {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (textWidth(clean, font, size) <= width) return [clean];
  const lines: string[] = [];
  let line = '';
  for (const word of clean.split(' ')) {
    const joined = line === '' ? word : `${line} ${word}`;
    if (textWidth(joined, font, size) <= width) {
      line = joined;
      continue;
    }
    if (line !== '') lines.push(line);
    line = '';
    for (const ch of word) {
      if (line !== '' && textWidth(line + ch, font, size) > width) {
        lines.push(line);
        line = '';
      }
      line += ch;
    }
  }
  lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = fitText(`${kept[maxLines - 1]} …`, font, size, width);
  return kept;
}

/** One line cut to `width`, ending in '…' when it was cut. */
export function fitText(text: string, font: FontName, size: number, width: number): string {
  if (textWidth(text, font, size) <= width) return text;
  let cut = text;
  while (cut.length > 0 && textWidth(`${cut}…`, font, size) > width) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** Height of one line of `size`-point text. */
export const lineHeight = (size: number) => size * 1.2;

const num = (v: number) => String(Math.round(v * 100) / 100);

/** A PDF literal string of WinAnsi bytes (pdfkit writes content strings as latin1). */
function literal(text: string): string {
  let s = '';
  for (let i = 0; i < text.length; i++) {
    const b = winAnsiCode(text.charCodeAt(i));
    s += b === 0x28 || b === 0x29 || b === 0x5c ? `\\${String.fromCharCode(b)}` : String.fromCharCode(b);
  }
  return s;
}

export interface TextStyle {
  font: FontName;
  size: number;
  /** 0 (black, the default) … 1 (white). */
  gray?: number;
  underline?: boolean;
}

/**
 * The operators of one page, in top-left coordinates (y grows downwards, like the layout):
 * text is placed by the top of its line box.
 */
export class PageContent {
  private readonly ops: string[] = [];

  constructor(private readonly fontIds: Record<FontName, string>) {}

  /** One line of text with its left edge at x (no wrapping). */
  text(text: string, x: number, top: number, s: TextStyle): void {
    if (text === '') return;
    const baseline = top + (s.size * (1.2 - (ASCENDER - DESCENDER) / 1000)) / 2 + (s.size * ASCENDER) / 1000;
    const color = s.gray ? `${num(s.gray)} g ` : '';
    this.ops.push(
      `${color}BT /${this.fontIds[s.font]} ${num(s.size)} Tf ${num(x)} ${num(A4.height - baseline)} Td (${literal(text)}) Tj ET${color ? ' 0 g' : ''}`,
    );
    if (s.underline) this.line(x, baseline + 1.5, x + textWidth(text, s.font, s.size), baseline + 1.5, 0.5);
  }

  /** One line of text with its right edge at x. */
  textRight(text: string, right: number, top: number, s: TextStyle): void {
    this.text(text, right - textWidth(text, s.font, s.size), top, s);
  }

  /** One line of text centred on x. */
  textCentre(text: string, centre: number, top: number, s: TextStyle): void {
    this.text(text, centre - textWidth(text, s.font, s.size) / 2, top, s);
  }

  /** A straight rule of `width` points; gray 0 (black) … 1 (white). */
  line(x1: number, y1: number, x2: number, y2: number, width: number, gray = 0): void {
    this.ops.push(`${num(width)} w ${num(gray)} G ${num(x1)} ${num(A4.height - y1)} m ${num(x2)} ${num(A4.height - y2)} l S`);
  }

  /** A filled rectangle; colour as r, g, b in 0…1. */
  fill(x: number, top: number, w: number, h: number, rgb: [number, number, number]): void {
    this.ops.push(`${rgb.map(num).join(' ')} rg ${num(x)} ${num(A4.height - top - h)} ${num(w)} ${num(h)} re f 0 g`);
  }

  /** The page's content stream (pdfkit's pages start flipped to top-left: undo that first). */
  toString(): string {
    return `q 1 0 0 -1 0 ${num(A4.height)} cm\n${this.ops.join('\n')}\nQ`;
  }
}

/** pdfkit keeps a page's font resources and the fonts' resource names to itself; its text() fills them as below. */
interface PdfkitFontInternals {
  _font: { id: string; ref(): unknown };
}

/**
 * A pdfkit document written page by page to `out` (the HTTP response stream), respecting its
 * backpressure: call `drained()` between pages or rows.
 */
export class PdfPages {
  private readonly doc: PDFKit.PDFDocument;
  private readonly fonts: Record<FontName, { id: string; ref: unknown }>;
  private readonly fontIds: Record<FontName, string>;
  private current: PageContent | undefined;

  constructor(
    private readonly out: PassThrough,
    info: { title: string },
  ) {
    this.doc = new PDFDocument({ autoFirstPage: false, bufferPages: false, info: { Title: info.title, Creator: 'Sasmita' } });
    const fonts = {} as Record<FontName, { id: string; ref: unknown }>;
    for (const name of FONTS) {
      const f = (this.doc.font(name) as unknown as PdfkitFontInternals)._font;
      fonts[name] = { id: f.id, ref: f.ref() };
    }
    this.fonts = fonts;
    this.fontIds = { Helvetica: fonts.Helvetica.id, 'Helvetica-Bold': fonts['Helvetica-Bold'].id };
    this.doc.pipe(out);
  }

  /** Finish the current page (pdfkit writes it out) and start a new A4 page. */
  addPage(): PageContent {
    this.flush();
    this.doc.addPage({ size: 'A4', margin: 0 });
    const resources = this.doc.page.fonts as Record<string, unknown>;
    for (const f of Object.values(this.fonts)) resources[f.id] = f.ref;
    this.current = new PageContent(this.fontIds);
    return this.current;
  }

  private flush(): void {
    if (this.current) this.doc.addContent(this.current.toString());
    this.current = undefined;
  }

  /**
   * Resolves when the response can take more (or went away). Finished pages wait in pdfkit's
   * readable buffer until the pipe moves them on (a later tick), so past 256 KB there this
   * yields to let them flow, then waits while the response is full.
   */
  async drained(): Promise<void> {
    for (;;) {
      if (this.out.destroyed) return;
      if (this.out.writableNeedDrain) await firstEvent([this.out, 'drain'], [this.out, 'close']);
      else if (this.doc.readableLength > 256 * 1024) await new Promise((resolve) => setImmediate(resolve));
      else return;
    }
  }

  /** Write the last page and the document's trailer; resolves when all of it reached `out`. */
  async end(): Promise<void> {
    this.flush();
    if (this.out.destroyed) return;
    const ended = firstEvent([this.doc, 'end'], [this.out, 'close']);
    this.doc.end();
    await ended;
  }
}
