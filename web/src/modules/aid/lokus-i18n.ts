import i18n from '../../i18n';

/** Texts of the lokus list import, namespace "lokusImport". */
const id = {
  title: 'Impor daftar lokus desa',
  help: 'Berkas CSV/XLSX berisi kolom kode desa (mis. "kode_desa") atau nama desa (mis. "desa"), boleh dengan kolom "kecamatan". Periksa hasil pencocokan sebelum menyimpan.',
  file: 'Berkas daftar lokus',
  check: 'Cocokkan dengan desa',
  source: 'Sumber daftar (mis. SK Gubernur Jawa Timur No. …)',
  reason: 'Alasan penetapan lokus',
  row: 'Baris',
  input: 'Isi daftar',
  kecamatan: 'Kecamatan',
  result: 'Hasil',
  desa: 'Desa',
  status: { MATCHED: 'Cocok', AMBIGUOUS: 'Lebih dari satu desa', UNMATCHED: 'Tidak ditemukan', OUTSIDE: 'Di luar kabupaten' },
  choose: 'Pilih desa',
  skip: 'Lewati',
  summary: '{{matched}} cocok, {{ambiguous}} perlu dipilih, {{unmatched}} tidak ditemukan, {{outside}} di luar kabupaten',
  save: 'Tetapkan {{n}} desa sebagai lokus',
  saved: '{{n}} desa ditetapkan sebagai lokus.',
};
const en: typeof id = {
  title: 'Import a lokus desa list',
  help: 'A CSV/XLSX file with a desa code column (e.g. "kode_desa") or a desa name column (e.g. "desa"), optionally "kecamatan". Review the matches before saving.',
  file: 'Lokus list file',
  check: 'Match with desa',
  source: 'Source of the list (e.g. Governor decree No. …)',
  reason: 'Reason for the lokus',
  row: 'Row',
  input: 'List entry',
  kecamatan: 'Kecamatan',
  result: 'Result',
  desa: 'Desa',
  status: { MATCHED: 'Matched', AMBIGUOUS: 'More than one desa', UNMATCHED: 'Not found', OUTSIDE: 'Outside the kabupaten' },
  choose: 'Choose the desa',
  skip: 'Skip',
  summary: '{{matched}} matched, {{ambiguous}} to choose, {{unmatched}} not found, {{outside}} outside the kabupaten',
  save: 'Pin {{n}} desa as lokus',
  saved: '{{n}} desa pinned as lokus.',
};
i18n.addResourceBundle('id', 'lokusImport', id, true, true);
i18n.addResourceBundle('en', 'lokusImport', en, true, true);
export const LNS = 'lokusImport';
