import { Button, Card, Form, Input, List, Select, Space, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { fetchJson } from '../../api/client.ts';
import type { CaptureJob, CaptureList, CaptureStatus, CaptureSummary } from '../../api/unit-types.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { CaptureCard, isSettled } from './CaptureCard.tsx';

// Web evidence capture (取证): a unit gives a URL, a clean browser on the server captures it, and
// the page lists the unit's captures (and its API keys') from the server (GET /v1/me/captures),
// following the running ones to their package, screenshot and chain entry.

const PAGE_SIZE = 20;
const MAX_PAGE = 100;
const POLL_MS = 1_500;
const STATUSES: readonly CaptureStatus[] = ['queued', 'running', 'done', 'failed'];

export function CapturesPage() {
  const { t } = useTranslation('unit');
  const [status, setStatus] = useState<CaptureStatus | 'all'>('all');
  const [captures, setCaptures] = useState<CaptureSummary[] | undefined>(undefined);
  const [next, setNext] = useState<string | null>(null);
  const [listError, setListError] = useState<unknown>(undefined);
  const [loadingMore, setLoadingMore] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [form] = Form.useForm<{ url: string }>();

  const readPage = useCallback(
    (limit: number, cursor: string | null, signal?: AbortSignal) => {
      const query = new URLSearchParams({ limit: String(limit) });
      if (status !== 'all') query.set('status', status);
      if (cursor !== null) query.set('cursor', cursor);
      return fetchJson<CaptureList>(`/v1/me/captures?${query}`, signal === undefined ? {} : { signal });
    },
    [status],
  );

  const reload = useCallback(
    async (limit: number, signal?: AbortSignal) => {
      try {
        const answer = await readPage(limit, null, signal);
        setCaptures(answer.captures);
        setNext(answer.next);
        setListError(undefined);
      } catch (error) {
        if (signal?.aborted !== true) setListError(error);
      }
    },
    [readPage],
  );

  useEffect(() => {
    const controller = new AbortController();
    setCaptures(undefined);
    void reload(PAGE_SIZE, controller.signal);
    return () => controller.abort();
  }, [reload]);

  // While a listed capture runs, the listed page is read again until every capture on it settles.
  const shown = captures?.length ?? 0;
  const running = captures?.some((job) => !isSettled(job)) === true;
  useEffect(() => {
    if (!running) return;
    const controller = new AbortController();
    const timer = window.setTimeout(
      () => void reload(Math.min(MAX_PAGE, Math.max(PAGE_SIZE, shown)), controller.signal),
      POLL_MS,
    );
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [running, shown, captures, reload]);

  async function loadMore() {
    if (next === null) return;
    setLoadingMore(true);
    try {
      const answer = await readPage(PAGE_SIZE, next);
      setCaptures((earlier) => [...(earlier ?? []), ...answer.captures]);
      setNext(answer.next);
    } catch (error) {
      setListError(error);
    } finally {
      setLoadingMore(false);
    }
  }

  async function start(values: { url: string }) {
    setBusy(true);
    setFailure(null);
    try {
      await fetchJson<CaptureJob>('/v1/captures', { method: 'POST', json: { url: values.url.trim() } });
      form.resetFields();
      await reload(Math.min(MAX_PAGE, Math.max(PAGE_SIZE, shown + 1)));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space direction="vertical" size="large" style={{ width: '100%', maxWidth: 1100, margin: '0 auto' }}>
      <div>
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t('captures.title')}
        </Typography.Title>
        <Typography.Paragraph>{t('captures.intro')}</Typography.Paragraph>
      </div>
      <Card>
        <Form form={form} layout="vertical" requiredMark={false} onFinish={(values) => void start(values)}>
          <Form.Item
            name="url"
            label={t('captures.url')}
            rules={[
              { required: true, message: t('captures.urlRequired') },
              { pattern: /^https?:\/\/\S+$/i, message: t('captures.urlInvalid') },
            ]}
          >
            <Input placeholder="https://" inputMode="url" autoComplete="url" />
          </Form.Item>
          <Button type="primary" htmlType="submit" disabled={busy}>
            {t('captures.start')}
          </Button>
        </Form>
        {failure !== null && (
          <ProblemAlert title={t('captures.failed')} error={failure} style={{ marginTop: 16 }} />
        )}
      </Card>
      <section aria-labelledby="my-captures">
        <Space wrap style={{ justifyContent: 'space-between', width: '100%', marginBottom: 16 }}>
          <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }} id="my-captures">
            {t('captures.mine')}
          </Typography.Title>
          <Space>
            <label htmlFor="captures-status">{t('captures.filter')}</label>
            <Select
              id="captures-status"
              style={{ minWidth: 140 }}
              value={status}
              onChange={setStatus}
              options={[
                { value: 'all', label: t('captures.all') },
                ...STATUSES.map((value) => ({ value, label: t(`captures.status.${value}`) })),
              ]}
            />
          </Space>
        </Space>
        {listError !== undefined && (
          <ErrorState error={listError} onRetry={() => void reload(Math.max(PAGE_SIZE, shown))} />
        )}
        {captures === undefined ? (
          listError === undefined && <LoadingState />
        ) : captures.length === 0 ? (
          <EmptyState description={t('captures.none')} />
        ) : (
          <List
            dataSource={captures}
            renderItem={(job) => (
              <List.Item key={job.id} style={{ display: 'block' }}>
                <CaptureCard job={job} />
              </List.Item>
            )}
          />
        )}
        {next !== null && (
          <Button loading={loadingMore} onClick={() => void loadMore()}>
            {t('captures.more')}
          </Button>
        )}
      </section>
    </Space>
  );
}
