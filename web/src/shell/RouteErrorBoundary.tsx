import { Alert, Button, Stack } from '@mantine/core';
import { IconAlertTriangle, IconWifiOff } from '@tabler/icons-react';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import i18n from '../i18n';
import { isOffline } from '../lib/api';

/** The browsers' messages when the code chunk of a lazy page cannot be fetched. */
const CHUNK_FAILED = /dynamically imported module|module script failed|Loading chunk|Failed to fetch/i;

export function isChunkLoadError(error: unknown): boolean {
  return error instanceof Error && CHUNK_FAILED.test(error.message);
}

interface Props {
  /** A change (the route's path) clears the error: the menu keeps working after a failure. */
  resetKey: string;
  children: ReactNode;
}

/**
 * Catches what a page throws while loading or rendering, so the menu stays usable and the user
 * reads why (in Indonesian when offline: "Anda sedang offline…") instead of a white screen.
 */
export class RouteErrorBoundary extends Component<Props, { error: unknown; key: string }> {
  override state = { error: null as unknown, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: { error: unknown; key: string }) {
    return props.resetKey === state.key ? null : { error: null, key: props.resetKey };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.warn('page failed', error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    const offline = isOffline();
    const message = offline ? i18n.t('app.offline') : isChunkLoadError(error) ? i18n.t('app.pageLoadFailed') : i18n.t('app.error');
    return (
      <Stack align="flex-start" data-testid="page-error">
        <Alert
          color={offline ? 'gray' : 'red'}
          icon={offline ? <IconWifiOff size={18} /> : <IconAlertTriangle size={18} />}
          role="alert"
          title={offline ? i18n.t('app.offlineTitle') : i18n.t('app.error')}
        >
          {message}
        </Alert>
        {/* A failed lazy import stays failed until the page is loaded again. */}
        <Button variant="light" onClick={() => window.location.reload()}>
          {i18n.t('app.retry')}
        </Button>
      </Stack>
    );
  }
}
