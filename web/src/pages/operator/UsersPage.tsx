import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { fetchJson } from '../../api/client.ts';
import type { Organisation, UserView, UserWithPassword } from '../../api/operator-types.ts';
import { useApiQuery } from '../../api/use-api.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { TimeText } from '../../format/time.tsx';

// User accounts and organisations for operators: list, create (a one-time password shown once),
// disable, reset a password, switch off a lost second factor.

const ROLES = ['unit', 'platform', 'creator', 'registrar', 'judge', 'clerk', 'mediator', 'operator'];

interface NewUser {
  name: string;
  displayName?: string;
  organisation?: string;
  roles: string[];
}

export function UsersPage() {
  const { t } = useTranslation('operator');
  const { t: common } = useTranslation();
  const { message } = App.useApp();
  const users = useApiQuery<{ users: UserView[] }>('/v1/users');
  const organisations = useApiQuery<{ organisations: Organisation[] }>('/v1/organisations');
  const [secret, setSecret] = useState<{ name: string; password: string } | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<NewUser>();

  async function act(run: () => Promise<UserWithPassword | { user: UserView }>) {
    setFailure(null);
    setBusy(true);
    try {
      const answer = await run();
      if ('oneTimePassword' in answer && answer.oneTimePassword !== null) {
        setSecret({ name: answer.user.name, password: answer.oneTimePassword });
      }
      users.reload();
      return true;
    } catch (error) {
      setFailure(error);
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function create(values: NewUser) {
    const made = await act(() =>
      fetchJson<UserWithPassword>('/v1/users', {
        method: 'POST',
        json: {
          name: values.name.trim(),
          organisation: values.organisation ?? null,
          roles: values.roles,
          ...(values.displayName ? { displayName: values.displayName.trim() } : {}),
        },
      }),
    );
    if (made) {
      form.resetFields();
      void message.success(t('users.created'));
    }
  }

  const orgOptions = (organisations.data?.organisations ?? []).map((o) => ({ value: o.name, label: o.name }));

  return (
    <Space direction="vertical" size="large" style={{ width: '100%', maxWidth: 1200, margin: '0 auto' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('users.title')}
      </Typography.Title>
      <Card title={<h2 style={{ margin: 0, fontSize: 18 }}>{t('users.create')}</h2>}>
        <Form<NewUser>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={(values) => void create(values)}
        >
          <Form.Item
            name="name"
            label={t('users.name')}
            rules={[
              { required: true, message: t('users.nameRequired') },
              { pattern: /^[A-Za-z0-9._:@-]{1,255}$/, message: t('users.nameInvalid') },
            ]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="displayName" label={t('users.displayName')}>
            <Input autoComplete="off" maxLength={100} />
          </Form.Item>
          <Form.Item name="organisation" label={t('users.organisation')}>
            <Select allowClear options={orgOptions} loading={organisations.loading} />
          </Form.Item>
          <Form.Item
            name="roles"
            label={t('users.roles')}
            rules={[{ required: true, message: t('users.rolesRequired') }]}
          >
            <Select
              mode="multiple"
              options={ROLES.map((role) => ({ value: role, label: common(`role.${role}`) }))}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" disabled={busy}>
            {t('users.submit')}
          </Button>
        </Form>
        {failure !== null && (
          <ProblemAlert title={t('users.failed')} error={failure} style={{ marginTop: 16 }} />
        )}
        {secret !== null && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 16 }}
            title={t('users.oneTimePassword', { name: secret.name })}
            description={
              <Typography.Paragraph copyable={{ text: secret.password }} style={{ margin: 0 }}>
                <code data-testid="one-time-password">{secret.password}</code>
              </Typography.Paragraph>
            }
            closable={{ 'aria-label': t('users.hide') }}
            onClose={() => setSecret(null)}
          />
        )}
      </Card>
      <section aria-label={t('users.list')}>
        <Typography.Title level={2} style={{ fontSize: 18 }}>
          {t('users.list')}
        </Typography.Title>
        {users.loading ? (
          <LoadingState />
        ) : users.error !== undefined ? (
          <ErrorState error={users.error} onRetry={users.reload} />
        ) : users.data!.users.length === 0 ? (
          <EmptyState />
        ) : (
          <Table<UserView>
            rowKey="name"
            size="small"
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            scroll={{ x: true }}
            dataSource={users.data!.users}
            columns={[
              { title: t('users.name'), dataIndex: 'name', key: 'name' },
              { title: t('users.displayName'), dataIndex: 'displayName', key: 'displayName' },
              {
                title: t('users.organisation'),
                dataIndex: 'organisation',
                key: 'organisation',
                render: (o: string | null) => o ?? '—',
              },
              {
                title: t('users.roles'),
                key: 'roles',
                render: (_, row) => row.roles.map((role) => <Tag key={role}>{common(`role.${role}`)}</Tag>),
              },
              {
                title: t('users.createdAt'),
                dataIndex: 'createdAt',
                key: 'createdAt',
                render: (at: string) => <TimeText value={at} />,
              },
              {
                title: t('users.actions'),
                key: 'actions',
                render: (_, row) =>
                  row.disabledAt !== null ? (
                    <Tag>{t('users.disabled')}</Tag>
                  ) : (
                    <Space wrap>
                      <Popconfirm
                        title={t('users.resetConfirm', { name: row.name })}
                        okText={t('users.reset')}
                        cancelText={t('users.cancel')}
                        onConfirm={() =>
                          act(() =>
                            fetchJson<UserWithPassword>(
                              `/v1/users/${encodeURIComponent(row.name)}/password`,
                              { method: 'POST' },
                            ),
                          )
                        }
                      >
                        <Button size="small">{t('users.reset')}</Button>
                      </Popconfirm>
                      {row.totpEnabled && (
                        <Popconfirm
                          title={t('users.totpResetConfirm', { name: row.name })}
                          okText={t('users.totpReset')}
                          cancelText={t('users.cancel')}
                          onConfirm={() =>
                            act(() =>
                              fetchJson<{ user: UserView }>(
                                `/v1/users/${encodeURIComponent(row.name)}/totp/disable`,
                                { method: 'POST' },
                              ),
                            )
                          }
                        >
                          <Button size="small">{t('users.totpReset')}</Button>
                        </Popconfirm>
                      )}
                      <Popconfirm
                        title={t('users.disableConfirm', { name: row.name })}
                        okText={t('users.disable')}
                        cancelText={t('users.cancel')}
                        onConfirm={() =>
                          act(() =>
                            fetchJson<{ user: UserView }>(
                              `/v1/users/${encodeURIComponent(row.name)}/disable`,
                              { method: 'POST' },
                            ),
                          )
                        }
                      >
                        <Button size="small" danger>
                          {t('users.disable')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
              },
            ]}
          />
        )}
      </section>
      <section aria-label={t('users.organisations')}>
        <Typography.Title level={2} style={{ fontSize: 18 }}>
          {t('users.organisations')}
        </Typography.Title>
        {organisations.loading ? (
          <LoadingState />
        ) : organisations.error !== undefined ? (
          <ErrorState error={organisations.error} onRetry={organisations.reload} />
        ) : (
          <Space wrap>
            {organisations.data!.organisations.map((o) => (
              <Tag key={o.name}>
                {o.name}
                {typeof o['memberRole'] === 'string' ? ` (${o['memberRole']})` : ''}
              </Tag>
            ))}
          </Space>
        )}
      </section>
    </Space>
  );
}
