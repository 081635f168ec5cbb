import { Alert, Button, Empty, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDescribeProblem } from './problem-alert.tsx';

// The three states every page has besides its content: loading, empty, and error (with the
// refusal worded by its problem code, and the code, so a user can quote it to an operator).

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
  const describe = useDescribeProblem();
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={t('error')}
      description={<span data-testid="problem-detail">{describe(error)}</span>}
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
