import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchJson } from '../../api/client.ts';
import { useSession } from '../../session/session.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { TotpOffForm } from './TotpOffForm.tsx';

// Enrolling a second factor (POST /v1/session/totp): the first call, without a code, answers a
// new secret as an otpauth:// URI (Google Authenticator key URI format), shown once as a QR code,
// the base32 secret and the URI; the second call, with the code the app shows, switches it on.

/** Roles whose holders may add a second factor (src/services/users.ts TOTP_ROLES). */
const TOTP_ROLES = ['judge', 'registrar', 'operator'];

interface TotpAnswer {
  otpauthUri?: string;
  totpEnabled: boolean;
}

/** The base32 secret of an otpauth:// URI, or null. */
function readSecret(uri: string): string | null {
  try {
    return new URL(uri).searchParams.get('secret');
  } catch {
    return null;
  }
}

function QrImage({ uri, alt }: { uri: string; alt: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(uri, { margin: 2, width: 200 }).then(
      (url) => live && setSrc(url),
      () => live && setSrc(null),
    );
    return () => {
      live = false;
    };
  }, [uri]);
  return src === null ? null : <img src={src} alt={alt} width={200} height={200} data-testid="totp-qr" />;
}

export function TotpCard({ roles, enabled }: { roles: readonly string[]; enabled: boolean }) {
  const { t } = useTranslation('account');
  const session = useSession();
  const [uri, setUri] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [turnedOff, setTurnedOff] = useState(false);
  const allowed = roles.some((role) => TOTP_ROLES.includes(role));

  async function start() {
    setBusy(true);
    setFailure(null);
    try {
      const answer = await fetchJson<TotpAnswer>('/v1/session/totp', { method: 'POST', json: {} });
      setUri(answer.otpauthUri ?? null);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  async function confirm({ code }: { code: string }) {
    setBusy(true);
    setFailure(null);
    try {
      await fetchJson<TotpAnswer>('/v1/session/totp', { method: 'POST', json: { code } });
      setUri(null);
      setConfirmed(true);
      setTurnedOff(false);
      await session.refresh();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  const secret = uri === null ? null : readSecret(uri);
  let body;
  if (!allowed) body = <Alert type="info" showIcon title={t('totp.notAllowed')} />;
  else if (enabled || confirmed) {
    body = (
      <>
        <Alert
          type="success"
          showIcon
          role="status"
          title={confirmed ? t('totp.confirmed') : t('totp.enabled')}
        />
        <TotpOffForm
          onDone={async () => {
            setConfirmed(false);
            setTurnedOff(true);
            await session.refresh();
          }}
        />
      </>
    );
  } else if (uri === null) {
    body = (
      <Space orientation="vertical" size="middle">
        {turnedOff && <Alert type="info" showIcon role="status" title={t('totp.turnedOff')} />}
        <Button type="primary" onClick={() => void start()} loading={busy}>
          {t('totp.start')}
        </Button>
      </Space>
    );
  } else {
    body = (
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Paragraph>{t('totp.scan')}</Typography.Paragraph>
        <QrImage uri={uri} alt={t('totp.qrAlt')} />
        {secret !== null && (
          <div>
            <Typography.Text strong>{t('totp.secret')}: </Typography.Text>
            <Typography.Text code copyable data-testid="totp-secret">
              {secret}
            </Typography.Text>
          </div>
        )}
        <div style={{ overflowWrap: 'anywhere' }}>
          <Typography.Text strong>{t('totp.uri')}: </Typography.Text>
          <Typography.Text copyable>{uri}</Typography.Text>
        </div>
        <Form<{ code: string }>
          layout="vertical"
          onFinish={confirm}
          requiredMark={false}
          style={{ maxWidth: 320 }}
        >
          <Form.Item
            name="code"
            label={t('totp.code')}
            rules={[{ required: true, pattern: /^[0-9]{6}$/, message: t('totp.codeRule') }]}
          >
            <Input autoComplete="one-time-code" inputMode="numeric" maxLength={6} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('totp.confirm')}
          </Button>
        </Form>
      </Space>
    );
  }
  return (
    <Card title={<h2 style={{ margin: 0, fontSize: 18 }}>{t('totp.title')}</h2>}>
      {allowed && <Typography.Paragraph>{t('totp.intro')}</Typography.Paragraph>}
      {failure !== null && <ProblemAlert title={t('totp.failed')} error={failure} />}
      {body}
    </Card>
  );
}
