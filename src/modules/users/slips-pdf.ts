import { PDF_FONT, renderPdf } from '../exports/pdf.js';
import type { Slip } from './slips.js';

/**
 * Account slips as PDF: one slip per person, three to an A4 page with cut lines, each with
 * the name, role, region, username, initial password, the app's address and a QR code of
 * that address (pdfmake draws the QR code itself: nothing is fetched or embedded).
 */

const SLIPS_PER_PAGE = 3;

function slipBlock(s: Slip, appUrl: string, kabupatenName: string) {
  const row = (label: string, value: string, bold = false) => [
    { text: label, color: '#555555' },
    { text: value, bold, font: PDF_FONT },
  ];
  return {
    unbreakable: true,
    table: {
      widths: ['*', 130],
      body: [
        [
          {
            stack: [
              { text: `AKUN SASMITA — ${kabupatenName.toUpperCase()}`, bold: true, fontSize: 12, margin: [0, 0, 0, 6] },
              {
                table: {
                  widths: [95, '*'],
                  body: [
                    row('Nama', s.fullName, true),
                    row('Peran', s.roleLabel),
                    row('Wilayah', `${s.regionName} (${s.regionCode})`),
                    row('Nama pengguna', s.username, true),
                    row('Kata sandi awal', s.password, true),
                    row('Alamat aplikasi', appUrl),
                  ],
                },
                layout: 'noBorders',
              },
              {
                text: 'Masuk dengan nama pengguna dan kata sandi awal ini, lalu ganti kata sandi (wajib saat pertama masuk). Simpan slip ini hanya sampai kata sandi diganti; jangan bagikan kepada siapa pun.',
                fontSize: 8,
                color: '#333333',
                margin: [0, 6, 0, 0],
              },
            ],
          },
          {
            stack: [
              { qr: appUrl, fit: 120, alignment: 'center' },
              { text: 'Pindai untuk membuka aplikasi', fontSize: 7, alignment: 'center', margin: [0, 4, 0, 0] },
            ],
          },
        ],
      ],
    },
    layout: {
      hLineWidth: () => 0.5,
      vLineWidth: () => 0.5,
      paddingLeft: () => 10,
      paddingRight: () => 10,
      paddingTop: () => 10,
      paddingBottom: () => 10,
    },
  };
}

export async function renderSlipsPdf(slips: Slip[], appUrl: string, kabupatenName: string): Promise<Buffer> {
  const content: unknown[] = [];
  slips.forEach((s, i) => {
    const firstOnPage = i % SLIPS_PER_PAGE === 0;
    if (!firstOnPage)
      content.push({
        text: '- - - - - - - - - - - - - - - - - - - - - - - gunting di sini - - - - - - - - - - - - - - - - - - - - - - -',
        fontSize: 7,
        color: '#888888',
        alignment: 'center',
        margin: [0, 14, 0, 14],
      });
    const block = slipBlock(s, appUrl, kabupatenName);
    content.push(firstOnPage && i > 0 ? { ...block, pageBreak: 'before' } : block);
  });
  return renderPdf({
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 40],
    info: { title: 'Slip akun Sasmita' },
    defaultStyle: { font: PDF_FONT, fontSize: 10 },
    content,
  });
}
