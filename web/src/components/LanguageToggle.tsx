import { SegmentedControl } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { Language } from '../i18n';
import { errorText } from '../lib/api';

/** ID / EN switch. `onChange` persists the choice (device, and the profile when signed in). */
export function LanguageToggle({ onChange, size = 'xs' }: { onChange: (lang: Language) => Promise<void>; size?: 'xs' | 'sm' }) {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size={size}
      aria-label={t('app.language')}
      value={i18n.language === 'en' ? 'en' : 'id'}
      data={[
        { label: 'ID', value: 'id' },
        { label: 'EN', value: 'en' },
      ]}
      onChange={(v) => {
        onChange(v === 'en' ? 'en' : 'id').catch((e: unknown) => notifications.show({ color: 'red', message: errorText(e) }));
      }}
    />
  );
}
