import { App, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/use-api.ts';
import type { ReviewsAnswer } from '../../api/works-types.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { ReviewCard } from './ReviewCard.tsx';

// The registrar's queue (GET /v1/reviews): registrations held because they resemble earlier
// ones, oldest first, each beside the earlier work, to approve or reject with a reason.

export function ReviewQueuePage() {
  const { t } = useTranslation('registrar');
  const { message } = App.useApp();
  const { data, error, reload } = useApiQuery<ReviewsAnswer>('/v1/reviews?limit=100');
  let body;
  if (error !== undefined) body = <ErrorState error={error} onRetry={reload} />;
  else if (data === undefined) body = <LoadingState />;
  else if (data.reviews.length === 0) body = <EmptyState description={t('reviews.empty')} />;
  else
    body = (
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        {data.reviews.map((work) => (
          <ReviewCard
            key={work.number}
            work={work}
            onDecided={(decision) => {
              void message.success(
                t(decision === 'approve' ? 'reviews.approved' : 'reviews.rejected', { number: work.number }),
              );
              reload();
            }}
          />
        ))}
      </Space>
    );
  return (
    <div style={{ maxWidth: 1200, margin: '0 auto' }}>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('reviews.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('reviews.intro')}</Typography.Paragraph>
      {body}
    </div>
  );
}
