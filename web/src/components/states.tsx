import { Alert, Button, Empty, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../api/client.ts';

// The three states every page has besides its content: loading, empty, and error (with the
// server's problem code, so a user can quote it to an operator).

export function LoadingState() {
  const { t } = useTranslation();
  return (
    <div role="status" aria-live="polite" style={{ padding: 48, textAlign: 'center' }}>
      <Spin />
      <div style={{ marginTop: 8 }}>{t('loading')}</div>
    </div>
  );
}

export function EmptyState({ description }: { description?: string }) {
  const { t } = useTranslation();
  return <Empty description={description ?? t('empty')} />;
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const detail = error instanceof Error ? error.message : String(error);
  const code = error instanceof ApiProblem ? error.code : undefined;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={t('error')}
      description={code === undefined ? detail : `${detail} (${code})`}
      action={
        onRetry === undefined ? undefined : (
          <Button size="small" onClick={onRetry}>
            {t('retry')}
          </Button>
        )
      }
    />
  );
}
