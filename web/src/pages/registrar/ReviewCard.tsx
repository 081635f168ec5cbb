import { Button, Card, Col, Descriptions, Form, Input, Row, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { fetchJson } from '../../api/client.ts';
import { useApiQuery } from '../../api/use-api.ts';
import type { WorkAnswer, WorkView } from '../../../../src/api/contract/index.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { TimeText } from '../../format/time.tsx';
import { ToneTag } from '../creator/StatusTag.tsx';
import { WorkPreview } from './WorkPreview.tsx';

// One held registration beside the earlier work it resembles, with their similarity, and the
// registrar's decision: approve, or reject with a reason (POST /v1/works/:number/decision).

const MAX_REASON = 2000;

function WorkColumn({ work, heading }: { work: WorkView; heading: string }) {
  const { t } = useTranslation('registrar');
  const { t: tc } = useTranslation('creator');
  const items = [
    { key: 'number', label: t('reviews.number'), children: work.number },
    { key: 'title', label: t('reviews.workTitle'), children: work.title },
    { key: 'type', label: t('reviews.workType'), children: tc(`workType.${work.workType}`) },
    { key: 'authors', label: t('reviews.authors'), children: work.authors.join('、') },
    { key: 'holder', label: t('reviews.rightsHolder'), children: work.rightsHolder.name },
    { key: 'registrant', label: t('reviews.registrant'), children: work.registrant },
    { key: 'created', label: t('reviews.creationDate'), children: work.creationDate },
    {
      key: 'time',
      label: t('reviews.registeredAt'),
      children: work.registeredAt === null ? '—' : <TimeText value={work.registeredAt} />,
    },
    {
      key: 'file',
      label: t('reviews.file'),
      children: `${work.file.name} · ${work.file.format} · ${work.file.sizeBytes} B`,
    },
    {
      key: 'sha',
      label: t('reviews.sha256'),
      children: <span style={{ wordBreak: 'break-all' }}>{work.file.sha256}</span>,
    },
    {
      key: 'iscc',
      label: t('reviews.iscc'),
      children: <span style={{ wordBreak: 'break-all' }}>{work.codes.iscc}</span>,
    },
  ];
  return (
    <section aria-label={`${heading} ${work.number}`}>
      <h3 style={{ fontSize: 16 }}>{heading}</h3>
      <WorkPreview work={work} />
      <Descriptions bordered size="small" column={1} items={items} />
    </section>
  );
}

function EarlierWork({ number }: { number: string }) {
  const { t } = useTranslation('registrar');
  const { data, error, reload } = useApiQuery<WorkAnswer>(`/v1/works/${encodeURIComponent(number)}`);
  if (error !== undefined) return <ErrorState error={error} onRetry={reload} />;
  if (data === undefined) return <LoadingState />;
  return <WorkColumn work={data.registration} heading={t('reviews.earlier')} />;
}

export function ReviewCard({
  work,
  onDecided,
}: {
  work: WorkView;
  onDecided: (decision: 'approve' | 'reject') => void;
}) {
  const { t } = useTranslation('registrar');
  const similar = work.review?.similar ?? work.similar;
  const [chosen, setChosen] = useState(similar[0]?.number ?? '');
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const shown = similar.find((s) => s.number === chosen) ?? similar[0];

  const decide = async (decision: 'approve' | 'reject') => {
    const text = reason.normalize('NFC').trim();
    if (decision === 'reject' && text === '') return setReasonError(t('reviews.reasonRequired'));
    if (text.length > MAX_REASON) return setReasonError(t('reviews.tooLong', { max: MAX_REASON }));
    setReasonError(null);
    setBusy(true);
    setProblem(null);
    try {
      await fetchJson(`/v1/works/${encodeURIComponent(work.number)}/decision`, {
        method: 'POST',
        json: text === '' ? { decision } : { decision, reason: text },
      });
      onDecided(decision);
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  const reasonId = `reason-${work.number}`;
  return (
    <Card
      data-review={work.number}
      title={
        <h2
          style={{ fontSize: 18, margin: 0, whiteSpace: 'normal' }}
        >{`${work.number} 《${work.title}》`}</h2>
      }
    >
      {shown !== undefined && (
        <Space wrap style={{ marginBottom: 12 }}>
          <ToneTag tone="warn">
            {t('reviews.similarity', { percent: Math.round(shown.similarity * 100) })}
          </ToneTag>
          <Typography.Text>
            {t('reviews.basis', {
              basis: t(`reviews.basisName.${shown.basis}`, { defaultValue: shown.basis }),
            })}
          </Typography.Text>
          {similar.length > 1 && (
            <Select
              aria-label={t('reviews.compareWith')}
              value={chosen}
              onChange={setChosen}
              options={similar.map((s) => ({ value: s.number, label: `${s.number} 《${s.title}》` }))}
            />
          )}
        </Space>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12}>
          <WorkColumn work={work} heading={t('reviews.held')} />
        </Col>
        <Col xs={24} md={12}>
          {shown === undefined ? null : <EarlierWork key={shown.number} number={shown.number} />}
        </Col>
      </Row>
      <Form layout="vertical" style={{ marginTop: 16 }} disabled={busy}>
        <Form.Item
          label={t('reviews.reason')}
          htmlFor={reasonId}
          validateStatus={reasonError === null ? undefined : 'error'}
          help={reasonError ?? undefined}
        >
          <Input.TextArea
            id={reasonId}
            rows={2}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
        </Form.Item>
        {problem !== null && (
          <ProblemAlert title={t('reviews.failed')} error={problem} style={{ marginBottom: 12 }} />
        )}
        <Space wrap>
          <Button type="primary" onClick={() => void decide('approve')}>
            {t('reviews.approve')}
          </Button>
          <Button danger onClick={() => void decide('reject')}>
            {t('reviews.reject')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
