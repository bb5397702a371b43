import i18n from '../../i18n';

/** Texts of the monitoring pages, namespace "monitoring"; pages use `useTranslation('monitoring')`. */
const id = {
  title: 'Monitoring',
  households: 'Keluarga',
  members: 'Anggota keluarga',
  extremeNow: 'Miskin ekstrem kini',
  extremeBaseline: 'Miskin ekstrem awal',
  reduction: 'Penurunan',
  coverage: 'Cakupan bantuan (miskin ekstrem)',
  withoutAid: 'Miskin ekstrem tanpa bantuan',
  noAidAny: 'Keluarga tanpa bantuan apa pun',
  noBaseline: 'Belum ada impor data awal P3KE.',
  baselineFrom: 'Data awal: impor #{{id}}, {{date}}',
  desil: 'Sebaran desil',
  desilNone: 'Tanpa desil',
  desilLegend: 'Biru: keluarga; merah: di antaranya miskin ekstrem',
  ranking: 'Peringkat penurunan',
  rank: 'No',
  region: 'Wilayah',
  perKecamatan: 'Per kecamatan',
  perDesa: 'Per desa/kelurahan',
  up: 'Naik ke {{name}}',
  downloadXlsx: 'Unduh rekap XLSX',
  downloadPdf: 'Unduh rekap PDF',
};

const en: typeof id = {
  title: 'Monitoring',
  households: 'Households',
  members: 'Household members',
  extremeNow: 'Extreme poor now',
  extremeBaseline: 'Extreme poor at baseline',
  reduction: 'Reduction',
  coverage: 'Aid coverage (extreme poor)',
  withoutAid: 'Extreme poor without aid',
  noAidAny: 'Households without any aid',
  noBaseline: 'No initial P3KE import yet.',
  baselineFrom: 'Baseline: import #{{id}}, {{date}}',
  desil: 'Desil distribution',
  desilNone: 'No desil',
  desilLegend: 'Blue: households; red: of which extreme poor',
  ranking: 'Reduction ranking',
  rank: 'No',
  region: 'Region',
  perKecamatan: 'Per kecamatan',
  perDesa: 'Per desa/kelurahan',
  up: 'Up to {{name}}',
  downloadXlsx: 'Download rekap XLSX',
  downloadPdf: 'Download rekap PDF',
};

i18n.addResourceBundle('id', 'monitoring', id, true, true);
i18n.addResourceBundle('en', 'monitoring', en, true, true);
