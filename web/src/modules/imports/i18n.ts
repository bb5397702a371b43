import i18n from '../../i18n';

/** Texts of the column-mapping step of the import page, namespace "importMapping". */
const id = {
  template: 'Templat pemetaan kolom',
  templateHint: 'Tata letak baku membaca kolom dengan nama aslinya; templat tersimpan memetakan judul kolom lain.',
  builtIn: 'bawaan',
  preview: 'Pratinjau dan petakan kolom',
  recheck: 'Periksa ulang pratinjau',
  mappingTitle: 'Pemetaan kolom',
  mappingIntro:
    'Pilih judul kolom berkas untuk setiap kolom registri. Usulan dibuat dari nama kolom; periksa sebelum mengimpor. Kolom bertanda * wajib.',
  field: 'Kolom registri',
  source: 'Kolom di berkas',
  notMapped: '(tidak dipetakan)',
  firstRows: 'Baris pertama berkas {{name}}',
  row: 'Baris',
  findings: 'Hasil pemeriksaan baris pratinjau',
  noFindings: 'Tidak ada masalah pada baris pratinjau.',
  problem: 'Berkas belum bisa diimpor dengan pemetaan ini',
  templateName: 'Nama templat',
  saveTemplate: 'Simpan sebagai templat',
  templateSaved: 'Templat "{{name}}" disimpan.',
  importMapped: 'Mulai impor dengan pemetaan ini',
  deleteTemplate: 'Hapus templat',
  usingMapping: 'Impor akan membaca berkas melalui pemetaan kolom di bawah.',
  files: { keluarga: 'Berkas keluarga', anggota: 'Berkas anggota', dtks: 'Berkas DTKS/DTSEN' },
  severity: { ERROR: 'Galat', WARNING: 'Peringatan' },
};

const en: typeof id = {
  template: 'Column-mapping template',
  templateHint: 'A standard layout reads columns by their own names; a saved template maps other column headers.',
  builtIn: 'built-in',
  preview: 'Preview and map columns',
  recheck: 'Check the preview again',
  mappingTitle: 'Column mapping',
  mappingIntro:
    'Choose the file column for each registry column. Suggestions come from the column names; check them before importing. Columns marked * are required.',
  field: 'Registry column',
  source: 'Column in the file',
  notMapped: '(not mapped)',
  firstRows: 'First rows of {{name}}',
  row: 'Row',
  findings: 'Findings on the preview rows',
  noFindings: 'No problems in the preview rows.',
  problem: 'The files cannot be imported with this mapping yet',
  templateName: 'Template name',
  saveTemplate: 'Save as template',
  templateSaved: 'Template "{{name}}" saved.',
  importMapped: 'Start the import with this mapping',
  deleteTemplate: 'Delete template',
  usingMapping: 'The import will read the files through the column mapping below.',
  files: { keluarga: 'Households file', anggota: 'Members file', dtks: 'DTKS/DTSEN file' },
  severity: { ERROR: 'Error', WARNING: 'Warning' },
};

i18n.addResourceBundle('id', 'importMapping', id, true, true);
i18n.addResourceBundle('en', 'importMapping', en, true, true);

export const NS = 'importMapping';
