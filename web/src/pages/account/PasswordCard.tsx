import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, sendApiRequest } from '../../api/client.ts';
import { useSession } from '../../session/session.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';

// Changing one's own password (POST /v1/me/password). The form checks what the server checks
// (src/services/users.ts checkPassword: 8 to 256 characters, not the user name) so most mistakes
// are caught before sending; the server's answer is still shown when it refuses.

const MIN_PASSWORD_CHARS = 8;
const MAX_PASSWORD_CHARS = 256;

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

function countChars(text: string): number {
  return [...text].length;
}

export function PasswordCard({ userName }: { userName: string }) {
  const { t } = useTranslation('account');
  const session = useSession();
  const [form] = Form.useForm<PasswordForm>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [changed, setChanged] = useState(false);
  const rule = t('password.rule', { min: MIN_PASSWORD_CHARS, max: MAX_PASSWORD_CHARS });

  async function submit(values: PasswordForm) {
    setBusy(true);
    setFailure(null);
    setChanged(false);
    try {
      await sendApiRequest('/v1/me/password', {
        method: 'POST',
        json: { currentPassword: values.currentPassword, newPassword: values.newPassword },
      });
      form.resetFields();
      setChanged(true);
      await session.refresh();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  const failureTitle =
    failure instanceof ApiProblem && failure.code === 'LOGIN_FAILED'
      ? t('password.currentWrong')
      : t('password.failed');
  return (
    <Card title={<h2 style={{ margin: 0, fontSize: 18 }}>{t('password.title')}</h2>}>
      {changed && (
        <Alert
          type="success"
          showIcon
          role="status"
          title={t('password.changed')}
          style={{ marginBottom: 16 }}
        />
      )}
      {failure !== null && <ProblemAlert title={failureTitle} error={failure} />}
      <Form<PasswordForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        style={{ maxWidth: 420 }}
      >
        {/* A hidden user name lets password managers file the new password under the right account. */}
        <input type="text" name="username" autoComplete="username" value={userName} readOnly hidden />
        <Form.Item
          name="currentPassword"
          label={t('password.current')}
          rules={[{ required: true, message: t('password.currentRequired') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.next')}
          extra={rule}
          rules={[
            {
              validator: (_, value: string | undefined) => {
                const length = countChars(value ?? '');
                if (length < MIN_PASSWORD_CHARS || length > MAX_PASSWORD_CHARS)
                  return Promise.reject(new Error(rule));
                if ((value ?? '').toLowerCase() === userName.toLowerCase()) {
                  return Promise.reject(new Error(t('password.sameAsName')));
                }
                return Promise.resolve();
              },
            },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('password.submit')}
        </Button>
      </Form>
    </Card>
  );
}
