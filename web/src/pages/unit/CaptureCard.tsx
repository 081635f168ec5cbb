import { Button, Card, Descriptions, Image, Progress, Space, Steps, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaptureSummary } from '../../api/unit-types.ts';
import { TimeText } from '../../format/time.tsx';
import { entryPath } from './chains.ts';

// Tag text darker than antd's preset colours, which fall under WCAG AA contrast on their tints.
const DARK_TEXT: Record<string, string> = {
  green: '#135200',
  orange: '#873800',
  red: '#820014',
  blue: '#002c8c',
};
const PHASES = ['starting', 'loading', 'scrolling', 'waiting-for-network', 'attachments', 'finishing'];

export function isSettled(job: CaptureSummary): boolean {
  return job.status === 'done' || job.status === 'failed';
}

/** One capture of the caller's list: its state, progress while it runs, and what it produced. */
export function CaptureCard({ job }: { job: CaptureSummary }) {
  const { t } = useTranslation('unit');
  const phaseIndex = Math.max(0, PHASES.indexOf(job.phase ?? 'starting'));
  const stateColor =
    job.state === 'complete'
      ? 'green'
      : job.state === 'partial'
        ? 'orange'
        : job.status === 'failed'
          ? 'red'
          : 'blue';
  return (
    <Card
      size="small"
      data-testid="capture-card"
      title={<Typography.Text style={{ wordBreak: 'break-all' }}>{job.url}</Typography.Text>}
      extra={
        <Tag color={stateColor} style={{ color: DARK_TEXT[stateColor] }} data-testid="capture-status">
          {t(`captures.status.${job.state ?? job.status}`)}
        </Tag>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        {!isSettled(job) && (
          <>
            <Progress
              percent={job.progress.percent}
              size="small"
              aria-label={t('captures.progress')}
              data-testid="capture-progress"
            />
            {job.status === 'running' && (
              <Steps
                size="small"
                current={phaseIndex}
                items={PHASES.map((phase) => ({ title: t(`captures.phase.${phase}`) }))}
                aria-label={t('captures.progress')}
              />
            )}
          </>
        )}
        <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
          <Descriptions.Item label={t('captures.id')}>
            <Typography.Text copyable>{job.id}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('captures.madeBy')}>
            {job.key === null ? t('captures.byYou') : t('captures.byKey', { key: job.key })}
          </Descriptions.Item>
          <Descriptions.Item label={t('captures.requested')}>
            <TimeText value={job.createdAt} />
          </Descriptions.Item>
          {job.finishedAt !== null && (
            <Descriptions.Item label={t('captures.finished')}>
              <TimeText value={job.finishedAt} />
            </Descriptions.Item>
          )}
          {job.title !== null && (
            <Descriptions.Item label={t('captures.pageTitle')}>{job.title}</Descriptions.Item>
          )}
          {job.package !== null && (
            <Descriptions.Item label={t('captures.packageDigest')}>
              <Typography.Text code style={{ wordBreak: 'break-all' }}>
                {job.package.digest}
              </Typography.Text>
            </Descriptions.Item>
          )}
          {job.entry !== null && (
            <Descriptions.Item label={t('captures.entry')}>
              <Link to={entryPath(job.entry.chain, job.entry.index)}>{job.entry.id}</Link>
            </Descriptions.Item>
          )}
          {job.reasons.length > 0 && (
            <Descriptions.Item label={t('captures.reasons')}>{job.reasons.join(', ')}</Descriptions.Item>
          )}
        </Descriptions>
        {job.screenshot !== null && (
          <Image
            src={job.screenshot}
            alt={t('captures.screenshotOf', { url: job.url })}
            width={320}
            style={{ border: '1px solid #d9d9d9', maxHeight: 480, objectFit: 'cover', objectPosition: 'top' }}
          />
        )}
        <Space wrap>
          {job.screenshot !== null && (
            <Button href={job.screenshot} target="_blank" rel="noopener">
              {t('captures.openScreenshot')}
            </Button>
          )}
          {job.package !== null && (
            <Button href={job.package.url} download>
              {t('captures.downloadWacz')}
            </Button>
          )}
          {job.certificate !== null && (
            <Button href={job.certificate} target="_blank" rel="noopener">
              {t('captures.downloadCertificate')}
            </Button>
          )}
        </Space>
      </Space>
    </Card>
  );
}
