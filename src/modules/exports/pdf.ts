import { createRequire } from 'node:module';

/**
 * PDF output shared by every report (lampiran penugasan, rekap monitoring): pdfmake 0.3 with
 * the PDF standard fonts (Helvetica): nothing to embed, and the WinAnsi text stays searchable.
 * pdfmake must never read local files or URLs from a document.
 */

interface PdfDocument {
  getBuffer(): Promise<Buffer>;
}

interface PdfMake {
  setFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  setLocalAccessPolicy(policy: (path: string) => boolean): void;
  createPdf(doc: Record<string, unknown>): PdfDocument;
}

// pdfmake 0.3 is CommonJS without types; its Node entry is a configured singleton.
const pdfmake = createRequire(import.meta.url)('pdfmake') as PdfMake;

/** The font name to use in `defaultStyle.font`. */
export const PDF_FONT = 'Helvetica';

const STANDARD_FONTS = {
  Helvetica: { normal: 'Helvetica', bold: 'Helvetica-Bold', italics: 'Helvetica-Oblique', bolditalics: 'Helvetica-BoldOblique' },
};
const STANDARD_FONT_FILES = new Set(Object.values(STANDARD_FONTS.Helvetica));

/** Render a pdfmake document definition with the standard fonts and no file or URL access. */
export async function renderPdf(doc: Record<string, unknown>): Promise<Buffer> {
  pdfmake.setFonts(STANDARD_FONTS);
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((p) => STANDARD_FONT_FILES.has(p));
  return pdfmake.createPdf(doc).getBuffer();
}
