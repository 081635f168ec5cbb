import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiProblem } from '../../api/client.ts';
import { useDescribeProblem } from '../../components/problem-alert.tsx';
import { useSession } from '../../session/session.tsx';

interface LoginForm {
  name: string;
  password: string;
  totp?: string;
}

/** Where to go after log-in: a local path from `?next=`, never another site. */
function readNext(value: string | null): string {
  return value !== null && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

export function LoginPage() {
  const { t } = useTranslation('public');
  const describe = useDescribeProblem();
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [failure, setFailure] = useState<string | null>(null);
  const [needsTotp, setNeedsTotp] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(form: LoginForm) {
    setBusy(true);
    setFailure(null);
    try {
      await session.logIn(form);
      navigate(readNext(params.get('next')), { replace: true });
    } catch (error) {
      if (error instanceof ApiProblem && error.code === 'TOTP_REQUIRED') setNeedsTotp(true);
      setFailure(
        error instanceof ApiProblem && error.code !== 'LOGIN_FAILED' ? describe(error) : t('login.failed'),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      title={<h1 style={{ margin: 0, fontSize: 20 }}>{t('login.title')}</h1>}
      style={{ maxWidth: 420, margin: '0 auto' }}
    >
      {failure !== null && <Alert type="error" role="alert" title={failure} style={{ marginBottom: 16 }} />}
      <Form<LoginForm> layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="name"
          label={t('login.name')}
          rules={[{ required: true, message: t('login.nameRequired') }]}
        >
          <Input autoComplete="username" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('login.password')}
          rules={[{ required: true, message: t('login.passwordRequired') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        {needsTotp && (
          <Form.Item name="totp" label={t('login.totp')}>
            <Input autoComplete="one-time-code" inputMode="numeric" maxLength={6} />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={busy} block>
          {t('login.submit')}
        </Button>
      </Form>
    </Card>
  );
}
