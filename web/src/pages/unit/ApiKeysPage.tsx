import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { fetchJson } from '../../api/client.ts';
import type { ApiKeyView } from '../../api/unit-types.ts';
import { useApiQuery } from '../../api/use-api.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { TimeText } from '../../format/time.tsx';
import { useSession } from '../../session/session.tsx';

interface KeyRow extends ApiKeyView {
  revokedAt: string | null;
}

const KEY_ROLES = ['unit', 'platform'];

/** The user's own API keys for scripts: made here (the secret shown once), listed, revoked. */
export function ApiKeysPage() {
  const { t } = useTranslation('unit');
  const { t: common } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const keys = useApiQuery<{ keys: KeyRow[] }>('/v1/me/keys');
  const [secret, setSecret] = useState<{ name: string; apiKey: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [form] = Form.useForm<{ label?: string; roles?: string[] }>();
  const ownRoles = KEY_ROLES.filter((role) => session.hasRole(role));

  async function create(values: { label?: string; roles?: string[] }) {
    setBusy(true);
    setFailure(null);
    try {
      const created = await fetchJson<KeyRow & { apiKey: string }>('/v1/me/keys', {
        method: 'POST',
        json: {
          ...(values.label ? { label: values.label.trim() } : {}),
          ...(values.roles && values.roles.length > 0 ? { roles: values.roles } : {}),
        },
      });
      setSecret({ name: created.name, apiKey: created.apiKey });
      form.resetFields();
      keys.reload();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(id: string) {
    try {
      await fetchJson(`/v1/me/keys/${encodeURIComponent(id)}`, { method: 'DELETE' });
      void message.success(t('keys.revoked'));
      keys.reload();
    } catch (error) {
      setFailure(error);
    }
  }

  return (
    <Space direction="vertical" size="large" style={{ width: '100%', maxWidth: 1100, margin: '0 auto' }}>
      <div>
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t('keys.title')}
        </Typography.Title>
        <Typography.Paragraph>{t('keys.intro')}</Typography.Paragraph>
      </div>
      <Card title={<h2 style={{ margin: 0, fontSize: 18 }}>{t('keys.create')}</h2>}>
        <Form form={form} layout="vertical" requiredMark={false} onFinish={(values) => void create(values)}>
          <Form.Item
            name="label"
            label={t('keys.label')}
            extra={t('keys.labelHint', { name: session.user?.name ?? '' })}
            rules={[{ pattern: /^[a-z0-9][a-z0-9-]{0,39}$/, message: t('keys.labelInvalid') }]}
          >
            <Input autoComplete="off" maxLength={40} />
          </Form.Item>
          <Form.Item name="roles" label={t('keys.roles')} initialValue={ownRoles}>
            <Checkbox.Group
              options={ownRoles.map((role) => ({ value: role, label: common(`role.${role}`) }))}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" disabled={busy}>
            {t('keys.submit')}
          </Button>
        </Form>
        {failure !== null && (
          <ProblemAlert title={t('keys.failed')} error={failure} style={{ marginTop: 16 }} />
        )}
        {secret !== null && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 16 }}
            title={t('keys.shownOnce', { name: secret.name })}
            description={
              <Typography.Paragraph copyable={{ text: secret.apiKey }} style={{ margin: 0 }}>
                <code data-testid="new-api-key" style={{ wordBreak: 'break-all' }}>
                  {secret.apiKey}
                </code>
              </Typography.Paragraph>
            }
            closable={{ 'aria-label': t('keys.hide') }}
            onClose={() => setSecret(null)}
          />
        )}
      </Card>
      <section aria-label={t('keys.mine')}>
        <Typography.Title level={2} style={{ fontSize: 18 }}>
          {t('keys.mine')}
        </Typography.Title>
        {keys.loading ? (
          <LoadingState />
        ) : keys.error !== undefined ? (
          <ErrorState error={keys.error} onRetry={keys.reload} />
        ) : (keys.data?.keys.length ?? 0) === 0 ? (
          <EmptyState description={t('keys.none')} />
        ) : (
          <Table<KeyRow>
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: true }}
            dataSource={keys.data!.keys}
            columns={[
              { title: t('keys.name'), dataIndex: 'name', key: 'name' },
              {
                title: t('keys.roles'),
                key: 'roles',
                render: (_, row) => row.roles.map((role) => <Tag key={role}>{common(`role.${role}`)}</Tag>),
              },
              {
                title: t('keys.created'),
                dataIndex: 'createdAt',
                key: 'createdAt',
                render: (time: string) => <TimeText value={time} />,
              },
              {
                title: t('keys.state'),
                key: 'state',
                render: (_, row) =>
                  row.revokedAt === null ? (
                    <Popconfirm
                      title={t('keys.revokeConfirm', { name: row.name })}
                      okText={t('keys.revoke')}
                      cancelText={t('keys.cancel')}
                      onConfirm={() => revoke(row.id)}
                    >
                      <Button danger size="small">
                        {t('keys.revoke')}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Tag color="default">
                      {t('keys.revokedAt')} <TimeText value={row.revokedAt} />
                    </Tag>
                  ),
              },
            ]}
          />
        )}
      </section>
    </Space>
  );
}
