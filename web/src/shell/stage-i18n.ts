import i18n from 'i18next';

/**
 * The header's stage badge texts, apart from the organisation pages' texts so that every page
 * (the verval pages on a phone among them) does not load those.
 */
const id = {
  headerStage: 'Tahap berjalan: {{name}}, {{start}} s.d. {{end}} ({{left}})',
  daysLeft: '{{count}} hari lagi',
  daysLeft_one: '{{count}} hari lagi',
  lastDay: 'hari terakhir',
  daysShort: '{{count}} hr',
};
const en: typeof id = {
  headerStage: 'Current stage: {{name}}, {{start}} to {{end}} ({{left}})',
  daysLeft: '{{count}} days left',
  daysLeft_one: '{{count}} day left',
  lastDay: 'last day',
  daysShort: '{{count}} d',
};

export const NS = 'stageBadge';
i18n.addResourceBundle('id', NS, id, true, true);
i18n.addResourceBundle('en', NS, en, true, true);
