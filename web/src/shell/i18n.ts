import i18n from '../i18n';

/** Texts of the shell (titles of detail pages, skip link), namespace "shell". */
const id = {
  skipToContent: 'Lewati ke konten',
  household: 'Detail keluarga',
  vervalHousehold: 'Verval keluarga',
  vervalNew: 'Usulan keluarga baru',
  vervalReview: 'Antrean pemeriksaan verval',
  vervalReviewOne: 'Pemeriksaan verval',
  outbox: 'Kotak keluar',
  meeting: 'Detail musdes',
  candidate: 'Kandidat pemadanan',
  listRun: 'Pemadanan daftar',
  decreeDetail: 'Detail SK',
  ticket: 'Detail kendala',
  summary: 'Ringkasan rapat',
  login: 'Masuk',
  public: 'Data publik kemiskinan ekstrem',
  notFound: 'Halaman tidak ditemukan',
};
const en: typeof id = {
  skipToContent: 'Skip to content',
  household: 'Household detail',
  vervalHousehold: 'Household verification',
  vervalNew: 'New household proposal',
  vervalReview: 'Verification review queue',
  vervalReviewOne: 'Verification review',
  outbox: 'Outbox',
  meeting: 'Deliberation detail',
  candidate: 'Matching candidate',
  listRun: 'List matching',
  decreeDetail: 'Decree detail',
  ticket: 'Ticket detail',
  summary: 'Meeting summary',
  login: 'Sign in',
  public: 'Public extreme-poverty figures',
  notFound: 'Page not found',
};

i18n.addResourceBundle('id', 'shell', id, true, true);
i18n.addResourceBundle('en', 'shell', en, true, true);
