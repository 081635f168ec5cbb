import { Button, Card, Descriptions, Image, Space, Steps, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fetchJson } from '../../api/client.ts';
import type { CaptureJob } from '../../api/unit-types.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { TimeText } from '../../format/time.tsx';
import { entryPath } from './chains.ts';

const POLL_MS = 1_500;
// Tag text darker than antd's preset colours, which fall under WCAG AA contrast on their tints.
const DARK_TEXT: Record<string, string> = {
  green: '#135200',
  orange: '#873800',
  red: '#820014',
  blue: '#002c8c',
};
const PHASES = ['starting', 'loading', 'scrolling', 'waiting-for-network', 'attachments', 'finishing'];

function isSettled(job: CaptureJob | undefined): boolean {
  return job !== undefined && (job.status === 'done' || job.status === 'failed');
}

/** Follows one capture job (polling until it settles) and shows what it produced. */
export function CaptureCard({ id, onForget }: { id: string; onForget: () => void }) {
  const { t } = useTranslation('unit');
  const [job, setJob] = useState<CaptureJob | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [round, setRound] = useState(0);

  useEffect(() => {
    if (isSettled(job)) return;
    const controller = new AbortController();
    const timer = window.setTimeout(
      () => {
        fetchJson<CaptureJob>(`/v1/captures/${encodeURIComponent(id)}`, { signal: controller.signal }).then(
          (answer) => {
            setJob(answer);
            setError(undefined);
            setRound((n) => n + 1);
          },
          (failure: unknown) => {
            if (!controller.signal.aborted) setError(failure);
          },
        );
      },
      round === 0 ? 0 : POLL_MS,
    );
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [id, round, job]);

  if (error !== undefined && job === undefined) {
    return (
      <Card size="small" title={id}>
        <ErrorState error={error} onRetry={() => setRound((n) => n + 1)} />
        <Button size="small" onClick={onForget} style={{ marginTop: 8 }}>
          {t('captures.forget')}
        </Button>
      </Card>
    );
  }
  if (job === undefined) return <LoadingState />;
  const phaseIndex =
    job.status === 'done' ? PHASES.length : Math.max(0, PHASES.indexOf(job.phase ?? 'starting'));
  const pack = job.package ?? null;
  const entry = job.entry ?? null;
  const title = job.title ?? null;
  const screenshot = job.attachments?.find((file) => file.path === 'attachments/screenshot.png');
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
      title={<Typography.Text style={{ wordBreak: 'break-all' }}>{job.url}</Typography.Text>}
      extra={
        <Tag color={stateColor} style={{ color: DARK_TEXT[stateColor] }} data-testid="capture-status">
          {t(`captures.status.${job.state ?? job.status}`)}
        </Tag>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        {!isSettled(job) && (
          <Steps
            size="small"
            current={phaseIndex}
            items={PHASES.map((phase) => ({ title: t(`captures.phase.${phase}`) }))}
            aria-label={t('captures.progress')}
          />
        )}
        <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
          <Descriptions.Item label={t('captures.id')}>
            <Typography.Text copyable>{job.id}</Typography.Text>
          </Descriptions.Item>
          {job.createdAt !== undefined && (
            <Descriptions.Item label={t('captures.created')}>
              <TimeText value={job.createdAt} />
            </Descriptions.Item>
          )}
          {title !== null && <Descriptions.Item label={t('captures.pageTitle')}>{title}</Descriptions.Item>}
          {pack !== null && (
            <Descriptions.Item label={t('captures.packageDigest')}>
              <Typography.Text code style={{ wordBreak: 'break-all' }}>
                {pack.digest}
              </Typography.Text>
            </Descriptions.Item>
          )}
          {entry !== null && (
            <Descriptions.Item label={t('captures.entry')}>
              <Link to={entryPath(entry.chain, entry.index)}>{entry.id}</Link>
            </Descriptions.Item>
          )}
          {job.reasons.length > 0 && (
            <Descriptions.Item label={t('captures.reasons')}>{job.reasons.join(', ')}</Descriptions.Item>
          )}
        </Descriptions>
        {screenshot !== undefined && (
          <Image
            src={`/v1/captures/${encodeURIComponent(job.id)}/attachments/screenshot.png`}
            alt={t('captures.screenshotOf', { url: job.url })}
            width={320}
            style={{ border: '1px solid #d9d9d9', maxHeight: 480, objectFit: 'cover', objectPosition: 'top' }}
          />
        )}
        <Space wrap>
          {pack !== null && (
            <Button href={pack.url} download>
              {t('captures.downloadWacz')}
            </Button>
          )}
          {entry !== null && (
            <Button
              href={`/v1/chains/${encodeURIComponent(entry.chain)}/entries/${entry.index}/certificate.pdf`}
              target="_blank"
              rel="noopener"
            >
              {t('captures.downloadCertificate')}
            </Button>
          )}
          <Button type="text" onClick={onForget}>
            {t('captures.forget')}
          </Button>
        </Space>
      </Space>
    </Card>
  );
}
