import { A4, fitText, lineHeight, type PageContent, type TextStyle, textWidth, wrapText } from '../exports/pdf-pages.js';

/**
 * The pages of the SK Bupati lampiran: kop, title, NOMOR/TANGGAL/TENTANG, then per kecamatan a
 * heading and per desa a heading and a table (header repeated on every page it continues on,
 * a row never split) with its "Jumlah" row, kecamatan and grand totals, and the signature; a
 * footer with the title and "Halaman X dari Y" on every page. Rows arrive one at a time in
 * lampiran order and are laid out as they come.
 *
 * The layout is a pure function of the header and the rows: run once without a sink it only
 * counts pages (measuring every wrapped cell with the same metrics it draws with), run again
 * with a sink and that count it draws the same pages, so Y is known before page 1 is written.
 */

export interface LampiranHead {
  /** e.g. "Kabupaten Probolinggo". */
  kabupatenName: string;
  number: string;
  /** The decree date as printed, e.g. "10 Maret 2026". */
  date: string;
  title: string;
  /** Households in this lampiran (its filter, the reader's scope). */
  count: number;
  publicCopy: boolean;
  signatoryName: string;
  signatoryPosition: string;
  /** The audit anchor line ("Jejak audit: #… · …"), printed under the count line. */
  auditTrail?: string;
}

/** One household as printed: identifiers already shown or masked for the reader. */
export interface LampiranRow {
  kecamatanCode: string;
  kecamatanName: string;
  desaCode: string;
  desaName: string;
  kkNumber: string;
  headNik: string;
  headName: string;
  address: string;
  memberCount: number;
  desil: number | null;
}

/** Where drawn pages go; absent while only counting pages. */
export interface PageSink {
  addPage(): PageContent;
}

const LEFT = 30;
const RIGHT = A4.width - 30;
const WIDTH = RIGHT - LEFT;
const TOP = 30;
const BOTTOM = A4.height - 40;
const FOOTER_TOP = BOTTOM + 12;
const PAD_X = 3;
const PAD_Y = 2;

const BODY: TextStyle = { font: 'Helvetica', size: 8 };
const BOLD: TextStyle = { font: 'Helvetica-Bold', size: 8 };
const KOP: TextStyle = { font: 'Helvetica-Bold', size: 14 };
const TITLE: TextStyle = { font: 'Helvetica-Bold', size: 10 };
const KECAMATAN: TextStyle = { font: 'Helvetica-Bold', size: 11 };
const DESA: TextStyle = { font: 'Helvetica-Bold', size: 9 };
const FOOTER: TextStyle = { font: 'Helvetica', size: 7 };
const LINE = lineHeight(BODY.size);

type Align = 'left' | 'right' | 'centre';
// No, No KK, NIK, Jml Anggota and Desil are fixed; name and address share the rest.
const STAR = (WIDTH - (30 + 80 + 80 + 40 + 26)) / 2;
const COLUMNS: { title: string; width: number; align: Align }[] = [
  { title: 'No', width: 30, align: 'right' },
  { title: 'No KK', width: 80, align: 'left' },
  { title: 'NIK Kepala Keluarga', width: 80, align: 'left' },
  { title: 'Kepala Keluarga', width: STAR, align: 'left' },
  { title: 'Alamat', width: STAR, align: 'left' },
  { title: 'Jml Anggota', width: 40, align: 'right' },
  { title: 'Desil', width: 26, align: 'right' },
];
const MEMBERS_COLUMN = 5;
const HEADER_FILL: [number, number, number] = [0xe8 / 255, 0xed / 255, 0xf3 / 255];

const fmt = (n: number) => n.toLocaleString('id-ID');

function cellLines(values: string[], style: TextStyle): string[][] {
  return values.map((v, i) => wrapText(v, style.font, style.size, (COLUMNS[i]?.width ?? 0) - 2 * PAD_X));
}

const rowHeight = (cells: string[][]) => Math.max(...cells.map((c) => c.length)) * LINE + 2 * PAD_Y;

interface Section {
  code: string;
  name: string;
  households: number;
  members: number;
}

export class LampiranLayout {
  /** Pages begun so far; after end(), the page count. */
  pages = 0;
  households = 0;
  members = 0;
  private y = TOP;
  private page: PageContent | undefined;
  private kecamatan: Section | undefined;
  private desa: Section | undefined;
  private readonly header = cellLines(
    COLUMNS.map((c) => c.title),
    BOLD,
  );

  constructor(
    private readonly head: LampiranHead,
    private readonly sink?: PageSink,
    private readonly totalPages = 0,
  ) {}

  /** First page: kop, title, decree number/date/subject and the count line. */
  begin(): void {
    const h = this.head;
    this.newPage();
    this.paragraph(`PEMERINTAH ${h.kabupatenName.toUpperCase()}`, KOP, { align: 'centre' });
    this.y += 4;
    this.page?.line(LEFT, this.y, RIGHT, this.y, 1.5);
    this.y += 8;
    const regent = h.kabupatenName.replace(/^Kabupaten\s+/i, '').toUpperCase();
    this.paragraph(`LAMPIRAN KEPUTUSAN BUPATI ${regent}`, TITLE, { align: 'centre', after: 6 });
    for (const [label, value] of [
      ['NOMOR', h.number],
      ['TANGGAL', h.date],
      ['TENTANG', h.title],
    ] as const) {
      const lines = wrapText(value, BODY.font, BODY.size, WIDTH - 68);
      this.room(lines.length * LINE);
      this.page?.text(label, LEFT, this.y, BODY);
      this.page?.text(':', LEFT + 60, this.y, BODY);
      this.put(lines, BODY, LEFT + 68, WIDTH - 68, 'left');
    }
    const note = h.publicCopy ? ' (salinan publik: NIK dan No KK disamarkan)' : '';
    this.paragraph(`Daftar keluarga sasaran miskin ekstrem: ${fmt(h.count)} keluarga${note}`, BODY, {
      before: 10,
      after: h.auditTrail ? 2 : 6,
    });
    if (h.auditTrail) this.paragraph(h.auditTrail, { ...FOOTER, gray: 0.33 }, { after: 6 });
  }

  /** The next household in lampiran order (kecamatan, desa, name). */
  add(r: LampiranRow): void {
    const newKecamatan = this.kecamatan?.code !== r.kecamatanCode;
    const newDesa = newKecamatan || this.desa?.code !== r.desaCode;
    if (newDesa) this.closeDesa();
    if (newKecamatan) {
      this.closeKecamatan();
      this.kecamatan = { code: r.kecamatanCode, name: r.kecamatanName, households: 0, members: 0 };
    }
    if (newDesa) this.desa = { code: r.desaCode, name: r.desaName, households: 0, members: 0 };
    const kec = this.kecamatan!;
    const desa = this.desa!;
    desa.households++;
    desa.members += r.memberCount;
    kec.households++;
    kec.members += r.memberCount;
    this.households++;
    this.members += r.memberCount;
    const cells = cellLines(
      [
        String(desa.households),
        r.kkNumber,
        r.headNik,
        r.headName,
        r.address,
        String(r.memberCount),
        r.desil === null ? '' : String(r.desil),
      ],
      BODY,
    );
    const h = rowHeight(cells);
    if (!newDesa) {
      this.room(h, 0, true);
      this.putRow(cells, h, BODY);
      return;
    }
    // Headings stay with the table header and the first row.
    const kecLines = newKecamatan ? wrapText(`Kecamatan ${kec.name}`, KECAMATAN.font, KECAMATAN.size, WIDTH) : [];
    const desaLines = wrapText(`Desa/Kelurahan ${desa.name} (${desa.code})`, DESA.font, DESA.size, WIDTH);
    const kecH = newKecamatan ? kecLines.length * lineHeight(KECAMATAN.size) + 2 + 6 : 0;
    this.room(kecH + desaLines.length * lineHeight(DESA.size) + 2 + rowHeight(this.header) + h, newKecamatan ? 10 : 6);
    if (newKecamatan) {
      this.put(kecLines, KECAMATAN, LEFT, WIDTH, 'left');
      this.y += 2 + 6;
    }
    this.put(desaLines, DESA, LEFT, WIDTH, 'left');
    this.y += 2;
    this.putHeader();
    this.putRow(cells, h, BODY);
  }

  /** Totals, grand total and signature; returns the page count. */
  end(): number {
    this.closeDesa();
    this.closeKecamatan();
    if (this.households === 0) this.paragraph('Tidak ada keluarga sasaran pada lampiran ini.', BODY, { before: 6 });
    this.paragraph(`JUMLAH SELURUHNYA: ${fmt(this.households)} keluarga, ${fmt(this.members)} jiwa`, { ...BOLD, size: 9 }, { before: 10 });
    const x = LEFT + 300;
    const width = RIGHT - x;
    const date = wrapText(`Ditetapkan tanggal ${this.head.date}`, BODY.font, BODY.size, width);
    const position = wrapText(this.head.signatoryPosition.toUpperCase(), BOLD.font, BOLD.size, width);
    const name = wrapText(this.head.signatoryName, BOLD.font, BOLD.size, width);
    this.room((date.length + position.length + name.length) * LINE + 4 + 48, 24);
    this.put(date, BODY, x, width, 'left');
    this.y += 4;
    this.put(position, BOLD, x, width, 'left');
    this.y += 48;
    this.put(name, { ...BOLD, underline: true }, x, width, 'left');
    return this.pages;
  }

  private closeDesa(): void {
    const d = this.desa;
    if (!d) return;
    this.desa = undefined;
    const h = LINE + 2 * PAD_Y;
    this.room(h, 0, true);
    this.page?.text(`Jumlah: ${fmt(d.households)} keluarga`, LEFT + PAD_X, this.y + PAD_Y, BOLD);
    const membersRight = LEFT + COLUMNS.slice(0, MEMBERS_COLUMN + 1).reduce((w, c) => w + c.width, 0) - PAD_X;
    this.page?.textRight(fmt(d.members), membersRight, this.y + PAD_Y, BOLD);
    this.page?.line(LEFT, this.y + h, RIGHT, this.y + h, 0.75);
    this.y += h;
  }

  private closeKecamatan(): void {
    const k = this.kecamatan;
    if (!k) return;
    this.kecamatan = undefined;
    this.paragraph(`Jumlah Kecamatan ${k.name}: ${fmt(k.households)} keluarga, ${fmt(k.members)} jiwa`, BOLD, { before: 4 });
  }

  private newPage(): void {
    this.pages++;
    this.y = TOP;
    this.page = this.sink?.addPage();
    if (!this.page) return;
    const number = `Halaman ${this.pages} dari ${this.totalPages}`;
    const title = fitText(
      `Lampiran SK ${this.head.number}`,
      FOOTER.font,
      FOOTER.size,
      WIDTH - textWidth(number, FOOTER.font, FOOTER.size) - 20,
    );
    this.page.text(title, LEFT, FOOTER_TOP, { ...FOOTER, gray: 0.33 });
    this.page.textRight(number, RIGHT, FOOTER_TOP, FOOTER);
  }

  /**
   * Make room for `h` points after a gap (dropped at the top of a page): a new page when they
   * do not fit, with the table header repeated when a table continues there.
   */
  private room(h: number, gap = 0, tableContinues = false): void {
    if (this.y === TOP) return;
    if (this.y + gap + h <= BOTTOM) {
      this.y += gap;
      return;
    }
    this.newPage();
    if (tableContinues) this.putHeader();
  }

  private paragraph(text: string, style: TextStyle, o: { align?: Align; before?: number; after?: number } = {}): void {
    const lines = wrapText(text, style.font, style.size, WIDTH);
    this.room(lines.length * lineHeight(style.size), o.before ?? 0);
    this.put(lines, style, LEFT, WIDTH, o.align ?? 'left');
    this.y += o.after ?? 0;
  }

  /** Lines drawn from the current position down (no page check). */
  private put(lines: string[], style: TextStyle, x: number, width: number, align: Align): void {
    const lh = lineHeight(style.size);
    for (const line of lines) {
      if (align === 'centre') this.page?.textCentre(line, x + width / 2, this.y, style);
      else if (align === 'right') this.page?.textRight(line, x + width, this.y, style);
      else this.page?.text(line, x, this.y, style);
      this.y += lh;
    }
  }

  private putHeader(): void {
    const h = rowHeight(this.header);
    this.page?.fill(LEFT, this.y, WIDTH, h, HEADER_FILL);
    this.putRow(this.header, h, BOLD);
  }

  private putRow(cells: string[][], h: number, style: TextStyle): void {
    const page = this.page;
    if (page) {
      let x = LEFT;
      for (const [i, col] of COLUMNS.entries()) {
        let top = this.y + PAD_Y;
        for (const line of cells[i] ?? []) {
          if (col.align === 'right') page.textRight(line, x + col.width - PAD_X, top, style);
          else page.text(line, x + PAD_X, top, style);
          top += LINE;
        }
        x += col.width;
      }
      page.line(LEFT, this.y + h, RIGHT, this.y + h, style === BOLD ? 0.75 : 0.25, style === BOLD ? 0 : 0.6);
    }
    this.y += h;
  }
}
