import { Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchJson } from '../../api/client.ts';
import { ProblemAlert } from '../../components/problem-alert.tsx';

// Switching one's own second factor off (POST /v1/me/totp/disable): the password and a current
// code of the app, so a session left open is not enough to remove it.

interface TotpOff {
  password: string;
  code: string;
}

export function TotpOffForm({ onDone }: { onDone: () => Promise<void> }) {
  const { t } = useTranslation('account');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [form] = Form.useForm<TotpOff>();

  async function submit(values: TotpOff) {
    setBusy(true);
    setFailure(null);
    try {
      await fetchJson<{ totpEnabled: boolean }>('/v1/me/totp/disable', { method: 'POST', json: values });
      form.resetFields();
      await onDone();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="totp-off-title" style={{ marginTop: 16 }}>
      <Typography.Title level={3} id="totp-off-title" style={{ fontSize: 16 }}>
        {t('totp.offTitle')}
      </Typography.Title>
      <Typography.Paragraph>{t('totp.offIntro')}</Typography.Paragraph>
      {failure !== null && <ProblemAlert title={t('totp.offFailed')} error={failure} />}
      <Form<TotpOff>
        form={form}
        name="totpOff"
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        style={{ maxWidth: 320 }}
      >
        <Form.Item
          name="password"
          label={t('totp.offPassword')}
          rules={[{ required: true, message: t('totp.offPasswordRule') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('totp.offCode')}
          rules={[{ required: true, pattern: /^[0-9]{6}$/, message: t('totp.codeRule') }]}
        >
          <Input autoComplete="one-time-code" inputMode="numeric" maxLength={6} />
        </Form.Item>
        <Button danger htmlType="submit" loading={busy}>
          {t('totp.off')}
        </Button>
      </Form>
    </section>
  );
}
