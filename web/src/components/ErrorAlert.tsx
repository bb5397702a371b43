import { Alert, Button, List } from '@mantine/core';
import { IconAlertTriangle, IconWifiOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n';
import { ApiError, errorText, isOffline, NetworkError } from '../lib/api';

/**
 * Field problems of a VALIDATION_ERROR: `[{field, message, messageEn}]`, each naming its field
 * as the form labels it, in the UI language.
 */
function fieldProblems(error: unknown): string[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details) || error.details.length < 2) return [];
  const en = currentLanguage() === 'en';
  return error.details
    .map((d: unknown) => {
      const { message, messageEn } = (d ?? {}) as { message?: unknown; messageEn?: unknown };
      const text = en && typeof messageEn === 'string' ? messageEn : message;
      return typeof text === 'string' ? text : null;
    })
    .filter((x): x is string => x !== null);
}

/** An API or network error in the UI language, with an optional retry. */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  const problems = fieldProblems(error);
  // No signal is not a fault of the app or the user: say so calmly.
  const offline = error instanceof NetworkError && isOffline();
  return (
    <Alert
      color={offline ? 'gray' : 'red'}
      icon={offline ? <IconWifiOff size={18} /> : <IconAlertTriangle size={18} />}
      role="alert"
      title={offline ? t('app.offlineTitle') : t('app.error')}
    >
      {errorText(error)}
      {problems.length > 0 && (
        <List size="sm" mt={4}>
          {problems.map((p) => (
            <List.Item key={p}>{p}</List.Item>
          ))}
        </List>
      )}
      {onRetry && (
        <Button variant="subtle" color={offline ? 'dark' : 'red'} size="xs" ml="sm" onClick={onRetry}>
          {t('app.retry')}
        </Button>
      )}
    </Alert>
  );
}
