import { Alert, Button, Card, Descriptions, List, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApiQuery } from '../../api/use-api.ts';
import type { WorkAnswer, WorkView } from '../../../../src/api/contract/index.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { TimeText } from '../../format/time.tsx';
import { StatusTag } from './StatusTag.tsx';
import { WorkLicenses } from './WorkLicenses.tsx';

// A work's page for its creator: the particulars, the certificate (or why there is none yet), the
// near-identical earlier works, and its licences.

function Particulars({ work }: { work: WorkView }) {
  const { t } = useTranslation('creator');
  const items = [
    {
      key: 'number',
      label: t('work.number'),
      children: <span data-testid="work-number">{work.number}</span>,
    },
    { key: 'status', label: t('work.status'), children: <StatusTag status={work.status} /> },
    { key: 'type', label: t('work.workType'), children: t(`workType.${work.workType}`) },
    { key: 'authors', label: t('work.authors'), children: work.authors.join('、') },
    { key: 'created', label: t('work.creationDate'), children: work.creationDate },
    ...(work.firstPublication === null
      ? []
      : [
          {
            key: 'published',
            label: t('work.firstPublication'),
            children: `${work.firstPublication.date} ${work.firstPublication.place}`,
          },
        ]),
    { key: 'holder', label: t('work.rightsHolder'), children: work.rightsHolder.name },
    ...(work.licenseStatement === null
      ? []
      : [{ key: 'statement', label: t('work.licenseStatement'), children: work.licenseStatement }]),
    { key: 'registrant', label: t('work.registrant'), children: work.registrant },
    {
      key: 'time',
      label: t('work.registeredAt'),
      children: work.registeredAt === null ? '—' : <TimeText value={work.registeredAt} />,
    },
    { key: 'file', label: t('work.fileName'), children: work.file.name },
    { key: 'size', label: t('work.fileSize'), children: t('work.bytes', { count: work.file.sizeBytes }) },
    {
      key: 'sha',
      label: t('work.sha256'),
      children: (
        <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
          {work.file.sha256}
        </Typography.Text>
      ),
    },
    {
      key: 'iscc',
      label: t('work.iscc'),
      children: <Typography.Text style={{ wordBreak: 'break-all' }}>{work.codes.iscc}</Typography.Text>,
    },
    ...(work.entry === null
      ? []
      : [
          {
            key: 'entry',
            label: t('work.entry'),
            children: t('work.entryValue', { index: work.entry.index }),
          },
        ]),
  ];
  return <Descriptions bordered size="small" column={1} items={items} />;
}

function ReviewNotice({ work }: { work: WorkView }) {
  const { t } = useTranslation('creator');
  if (work.status === 'pending-review') return <Alert type="warning" showIcon title={t('work.pending')} />;
  if (work.status === 'rejected') {
    return (
      <Alert
        type="error"
        showIcon
        title={t('work.rejected')}
        description={t('work.rejectedReason', { reason: work.review?.decision?.reason ?? '' })}
      />
    );
  }
  if (work.review?.status === 'approved') return <Alert type="success" showIcon title={t('work.approved')} />;
  return null;
}

function SimilarWorks({ work }: { work: WorkView }) {
  const { t } = useTranslation('creator');
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('work.similarTitle')}</h2>}>
      <List
        dataSource={work.similar}
        locale={{ emptyText: <EmptyState description={t('work.similarEmpty')} /> }}
        renderItem={(similar) => (
          <List.Item>
            <List.Item.Meta
              title={
                <Link
                  to={`/creator/works/${encodeURIComponent(similar.number)}`}
                >{`${similar.number} 《${similar.title}》`}</Link>
              }
              description={
                <Space wrap>
                  <span>{`${t('work.similarity')}: ${Math.round(similar.similarity * 100)}%`}</span>
                  <span>{`${t('work.basis')}: ${similar.basis}`}</span>
                  <TimeText value={similar.time} />
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

export function WorkPage() {
  const { t } = useTranslation('creator');
  const number = useParams()['number'] ?? '';
  const { data, error, reload } = useApiQuery<WorkAnswer>(`/v1/works/${encodeURIComponent(number)}`);
  if (error !== undefined) return <ErrorState error={error} onRetry={reload} />;
  if (data === undefined) return <LoadingState />;
  const { registration: work, links } = data;
  return (
    <div style={{ maxWidth: 960, margin: '0 auto' }}>
      <Typography.Title level={1} style={{ fontSize: 24, wordBreak: 'break-word' }}>
        {t('work.title', { title: work.title })}
      </Typography.Title>
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <ReviewNotice work={work} />
        <Space wrap>
          {links.certificate !== null && (
            <>
              <Button type="primary" href={links.certificate} download>
                {t('work.certificatePdf')}
              </Button>
              <Button href={links.certificate.replace(/\.pdf$/, '.html')} target="_blank" rel="noopener">
                {t('work.certificateHtml')}
              </Button>
            </>
          )}
          <Button href={links.verify} target="_blank" rel="noopener">
            {t('work.verify')}
          </Button>
        </Space>
        <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('work.particulars')}</h2>}>
          <Particulars work={work} />
        </Card>
        <SimilarWorks work={work} />
        <WorkLicenses work={work} />
      </Space>
    </div>
  );
}
