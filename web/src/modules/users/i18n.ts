import i18n from '../../i18n';

/** Texts of bulk accounts and the forced password change, in their own namespace ("accounts"). */
const id = {
  bulkTitle: 'Buat akun massal',
  bulkIntro:
    'Buat akun operator untuk semua desa dan kecamatan (atau yang dipilih), atau akun pejabat sebuah periode penugasan, dalam satu langkah. Akun yang sudah ada dilewati. Kata sandi awal ditampilkan sekali dan dapat dicetak sebagai slip; pengguna wajib menggantinya saat pertama masuk.',
  openBulk: 'Buat akun massal',
  kind: 'Jenis akun',
  kindOperators: 'Operator desa dan kecamatan',
  kindOfficials: 'Pejabat periode penugasan',
  regionHelp: 'Kosongkan kecamatan untuk seluruh kabupaten; pilih desa untuk satu desa saja.',
  desaOperators: 'Operator desa (satu per desa)',
  kecamatanOperators: 'Operator kecamatan (satu per kecamatan)',
  period: 'Periode penugasan',
  create: 'Buat akun',
  createdCount: '{{n}} akun dibuat',
  skippedCount: '{{n}} dilewati (sudah ada)',
  onceWarning:
    'Kata sandi awal hanya ditampilkan kali ini dan tidak disimpan. Unduh slip sekarang (hanya sekali, dalam 30 menit) atau catat.',
  downloadSlips: 'Unduh slip (PDF)',
  slipsDownloaded: 'Slip sudah diunduh',
  fullName: 'Nama',
  username: 'Nama pengguna',
  role: 'Peran',
  region: 'Wilayah',
  password: 'Kata sandi awal',
  reason: 'Alasan',
  nothingCreated: 'Tidak ada akun baru: semua sudah ada.',
  deactivateSelected: 'Nonaktifkan terpilih ({{n}})',
  deactivateConfirm: 'Nonaktifkan {{n}} pengguna? Sesi mereka diakhiri.',
  deactivatedCount: '{{n}} pengguna dinonaktifkan',
  select: 'Pilih {{username}}',
  forceTitle: 'Ganti kata sandi awal',
  forceIntro:
    'Anda masuk dengan kata sandi yang diberikan admin. Buat kata sandi Anda sendiri sebelum melanjutkan; setelah itu masuk kembali dengan kata sandi baru.',
  forceSubmit: 'Simpan kata sandi baru',
  forceDone: 'Kata sandi diganti. Silakan masuk dengan kata sandi baru.',
  logout: 'Keluar',
};

const en: typeof id = {
  bulkTitle: 'Create accounts in bulk',
  bulkIntro:
    'Create the operator accounts of every village and district (or the chosen ones), or the accounts of the officials of an assignment period, in one step. Existing accounts are skipped. Initial passwords are shown once and can be printed as slips; users must change them at first sign-in.',
  openBulk: 'Create accounts in bulk',
  kind: 'Kind of accounts',
  kindOperators: 'Village and district operators',
  kindOfficials: 'Officials of an assignment period',
  regionHelp: 'Leave the district empty for the whole regency; choose a village for one village only.',
  desaOperators: 'Village operators (one per village)',
  kecamatanOperators: 'District operators (one per district)',
  period: 'Assignment period',
  create: 'Create accounts',
  createdCount: '{{n}} accounts created',
  skippedCount: '{{n}} skipped (already exist)',
  onceWarning: 'Initial passwords are shown only now and are not stored. Download the slips now (once, within 30 minutes) or note them.',
  downloadSlips: 'Download slips (PDF)',
  slipsDownloaded: 'Slips downloaded',
  fullName: 'Name',
  username: 'Username',
  role: 'Role',
  region: 'Region',
  password: 'Initial password',
  reason: 'Reason',
  nothingCreated: 'No new accounts: all already exist.',
  deactivateSelected: 'Deactivate selected ({{n}})',
  deactivateConfirm: 'Deactivate {{n}} users? Their sessions end.',
  deactivatedCount: '{{n}} users deactivated',
  select: 'Select {{username}}',
  forceTitle: 'Change your initial password',
  forceIntro: 'You signed in with a password an admin gave you. Choose your own before going on; then sign in again with the new one.',
  forceSubmit: 'Save new password',
  forceDone: 'Password changed. Sign in with the new password.',
  logout: 'Sign out',
};

export const NS = 'accounts';
i18n.addResourceBundle('id', NS, id, true, true);
i18n.addResourceBundle('en', NS, en, true, true);
