import i18n from '../../i18n';

/** Texts of the first-run checklist, in their own namespace ("onboarding"). */
const id = {
  title: 'Persiapan',
  intro: 'Langkah sebelum verval pertama. Setiap langkah tercentang sendiri bila datanya sudah ada.',
  progress: '{{done}} dari {{total}} langkah selesai',
  done: 'Selesai',
  todo: 'Belum',
  open: 'Buka',
  step: {
    regions: 'Wilayah dimuat',
    data: 'Data keluarga diimpor',
    criteria: 'Kriteria ditetapkan',
    penugasan: 'Periode dan penugasan dibuat',
    accounts: 'Akun operator dibuat',
    schedule: 'Jadwal ditetapkan',
  },
  detail: {
    regions: '{{count}} desa/kelurahan',
    data: '{{count}} keluarga',
    criteria: '{{count}} kriteria ditetapkan',
    penugasan: '{{count}} penugasan aktif',
    accounts: '{{count}} dari {{total}} desa punya operator',
    schedule: '{{count}} tahapan',
  },
};

const en: typeof id = {
  title: 'Setup',
  intro: 'Steps before the first verification. Each step ticks itself once its data is there.',
  progress: '{{done}} of {{total}} steps done',
  done: 'Done',
  todo: 'To do',
  open: 'Open',
  step: {
    regions: 'Regions loaded',
    data: 'Household data imported',
    criteria: 'Criteria adopted',
    penugasan: 'Period and assignments made',
    accounts: 'Operator accounts created',
    schedule: 'Schedule set',
  },
  detail: {
    regions: '{{count}} villages',
    data: '{{count}} households',
    criteria: '{{count}} criteria adopted',
    penugasan: '{{count}} active assignments',
    accounts: '{{count}} of {{total}} villages have an operator',
    schedule: '{{count}} stages',
  },
};

export const NS = 'onboarding';
i18n.addResourceBundle('id', NS, id, true, true);
i18n.addResourceBundle('en', NS, en, true, true);
