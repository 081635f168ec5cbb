import { Button, Card, Descriptions, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { WorkAnswer } from '../../../../src/api/contract/index.ts';
import { useApiQuery } from '../../api/use-api.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { TimeText } from '../../format/time.tsx';
import { EntryCard } from './EntryCard.tsx';
import { CopyableCode, isNotFound, RawJson, TONE, WRAP_ANYWHERE, useRecordLayout } from './record-parts.tsx';

/** The chain of a `/v1/chains/<chain>/entries/<index>/bundle` link. */
export function chainOfLink(link: string | undefined, fallback = 'works'): string {
  return (link === undefined ? null : /^\/v1\/chains\/([^/]+)\//.exec(link)?.[1]) ?? fallback;
}

export function WorkPage() {
  const { t } = useTranslation('public');
  const layout = useRecordLayout();
  const { number = '' } = useParams();
  const query = useApiQuery<WorkAnswer>(`/v1/works/${encodeURIComponent(number)}`);
  let content;
  if (query.loading) content = <LoadingState />;
  else if (query.error !== undefined) {
    content = isNotFound(query.error) ? (
      <EmptyState description={t('search.notFound', { query: number })} />
    ) : (
      <ErrorState error={query.error} onRetry={query.reload} />
    );
  } else {
    const { registration: work, links } = query.data!;
    content = (
      <>
        <Card title={<h2 style={{ margin: 0, fontSize: 18 }}>{work.title}</h2>} style={{ marginBottom: 16 }}>
          <Descriptions {...layout}>
            <Descriptions.Item label={t('work.number')}>
              <CopyableCode value={work.number} />
            </Descriptions.Item>
            <Descriptions.Item label={t('work.status')}>
              <Tag color={work.status === 'registered' ? TONE.good : TONE.wait}>
                {t(`work.statusName.${work.status}`, { defaultValue: work.status })}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('work.authors')}>{work.authors.join('、')}</Descriptions.Item>
            <Descriptions.Item label={t('work.holder')}>{work.rightsHolder.name}</Descriptions.Item>
            <Descriptions.Item label={t('work.workType')}>{work.workType}</Descriptions.Item>
            <Descriptions.Item label={t('work.registeredAt')}>
              {work.registeredAt === null ? '—' : <TimeText value={work.registeredAt} />}
            </Descriptions.Item>
            <Descriptions.Item label={t('work.file')}>
              <span style={WRAP_ANYWHERE}>{work.file.name}</span>
            </Descriptions.Item>
            <Descriptions.Item label="SHA-256">
              <CopyableCode value={`sha256:${work.file.sha256}`} />
            </Descriptions.Item>
          </Descriptions>
          <Space wrap style={{ marginTop: 16 }}>
            {links.certificate !== null && (
              <Button href={links.certificate} target="_blank" rel="noopener">
                {t('record.certificatePdf')}
              </Button>
            )}
          </Space>
          <RawJson items={[{ key: 'work', label: t('record.rawRecord'), value: query.data }]} />
        </Card>
        {work.entry !== null && (
          <EntryCard
            chain={chainOfLink(links.bundle ?? undefined)}
            index={work.entry.index}
            title={t('record.onChain')}
          />
        )}
      </>
    );
  }
  return (
    <section style={{ maxWidth: 880, margin: '0 auto' }}>
      <h1 style={{ fontSize: 22 }}>{t('work.heading')}</h1>
      {content}
    </section>
  );
}
