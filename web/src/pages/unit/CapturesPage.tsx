import { Button, Card, Form, Input, List, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { fetchJson } from '../../api/client.ts';
import type { CaptureJob } from '../../api/unit-types.ts';
import { EmptyState } from '../../components/states.tsx';
import { useSession } from '../../session/session.tsx';
import { CaptureCard } from './CaptureCard.tsx';

// Web evidence capture (取证): a unit gives a URL, a clean browser on the server captures it, and
// the page follows the job to its package, screenshot and chain entry. The server lists no jobs
// (GET /v1/captures/{id} only), so the page remembers the ids it started, per user, in this browser.

const MAX_REMEMBERED = 50;

function storageKey(user: string): string {
  return `sealchain.captures.${user}`;
}

function readRemembered(user: string): string[] {
  try {
    const value = JSON.parse(window.localStorage.getItem(storageKey(user)) ?? '[]') as unknown;
    return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

export function CapturesPage() {
  const { t } = useTranslation('unit');
  const session = useSession();
  const user = session.user?.name ?? '';
  const [ids, setIds] = useState<string[]>(() => readRemembered(user));
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [form] = Form.useForm<{ url: string }>();

  useEffect(() => {
    window.localStorage.setItem(storageKey(user), JSON.stringify(ids.slice(0, MAX_REMEMBERED)));
  }, [ids, user]);

  async function start(values: { url: string }) {
    setBusy(true);
    setFailure(null);
    try {
      const job = await fetchJson<CaptureJob>('/v1/captures', {
        method: 'POST',
        json: { url: values.url.trim() },
      });
      setIds((earlier) => [job.id, ...earlier.filter((id) => id !== job.id)]);
      form.resetFields();
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
      <section aria-label={t('captures.mine')}>
        <Typography.Title level={2} style={{ fontSize: 18 }}>
          {t('captures.mine')}
        </Typography.Title>
        {ids.length === 0 ? (
          <EmptyState description={t('captures.none')} />
        ) : (
          <List
            dataSource={ids}
            renderItem={(id) => (
              <List.Item key={id} style={{ display: 'block' }}>
                <CaptureCard
                  id={id}
                  onForget={() => setIds((earlier) => earlier.filter((other) => other !== id))}
                />
              </List.Item>
            )}
          />
        )}
      </section>
    </Space>
  );
}
