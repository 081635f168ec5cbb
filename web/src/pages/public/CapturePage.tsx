import { Card, Descriptions, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiProblem } from '../../api/client.ts';
import type { CaptureAnswer } from '../../api/public-types.ts';
import { useApiQuery } from '../../api/use-api.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { EntryCard } from './EntryCard.tsx';
import { CopyableCode, RawJson, WRAP_ANYWHERE, useRecordLayout } from './record-parts.tsx';

// A capture job is its submitter's own (GET /v1/captures/:id needs the submitting unit): anyone
// else is told so, and finds the capture's chain entry by its id or digest instead.

export function CapturePage() {
  const { t } = useTranslation('public');
  const layout = useRecordLayout();
  const { id = '' } = useParams();
  const query = useApiQuery<CaptureAnswer>(`/v1/captures/${encodeURIComponent(id)}`);
  let content;
  if (query.loading) content = <LoadingState />;
  else if (query.error instanceof ApiProblem && [401, 403, 404].includes(query.error.status)) {
    content = <EmptyState description={t('capture.notPublic', { id })} />;
  } else if (query.error !== undefined) {
    content = <ErrorState error={query.error} onRetry={query.reload} />;
  } else {
    const capture = query.data!;
    content = (
      <>
        <Card
          title={<h2 style={{ margin: 0, fontSize: 18 }}>{t('capture.title')}</h2>}
          style={{ marginBottom: 16 }}
        >
          <Descriptions {...layout}>
            <Descriptions.Item label={t('capture.id')}>
              <CopyableCode value={capture.id} />
            </Descriptions.Item>
            <Descriptions.Item label={t('capture.status')}>
              <Tag>{capture.status}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('capture.url')}>
              <span style={WRAP_ANYWHERE}>{capture.url ?? '—'}</span>
            </Descriptions.Item>
          </Descriptions>
          <RawJson items={[{ key: 'capture', label: t('record.rawRecord'), value: capture }]} />
        </Card>
        {capture.entry !== undefined && capture.entry !== null && (
          <EntryCard chain={capture.entry.chain ?? 'evidence'} index={capture.entry.index} />
        )}
      </>
    );
  }
  return (
    <section style={{ maxWidth: 880, margin: '0 auto' }}>
      <h1 style={{ fontSize: 22 }}>{t('capture.heading')}</h1>
      {content}
    </section>
  );
}
