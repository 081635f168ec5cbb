import { Button, Descriptions, Result, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RegistrationAnswer } from '../../../../src/api/contract/index.ts';
import { StatusTag } from './StatusTag.tsx';

// What a creator sees after registering: the number, the status, and the certificate (or why
// there is none yet), with the one-time download of the ID disclosures when an ID was given.

function downloadJson(name: string, value: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function RegistrationResult({
  answer,
  onAnother,
}: {
  answer: RegistrationAnswer;
  onAnother: () => void;
}) {
  const { t } = useTranslation('creator');
  const { registration, links } = answer;
  const pending = registration.status === 'pending-review';
  const hasDisclosures =
    answer.disclosures !== null &&
    typeof answer.disclosures === 'object' &&
    Object.keys(answer.disclosures).length > 0;
  return (
    <Result
      style={{ paddingInline: 0 }}
      status={pending ? 'warning' : 'success'}
      title={
        <h2 style={{ fontSize: 20, margin: 0 }}>
          {t(pending ? 'register.pendingTitle' : 'register.doneTitle')}
        </h2>
      }
      subTitle={pending ? t('register.pendingDetail') : undefined}
      extra={
        <Space wrap>
          {links.certificate !== null && (
            <Button type="primary" href={links.certificate} download>
              {t('register.certificate')}
            </Button>
          )}
          <Link to={`/creator/works/${encodeURIComponent(registration.number)}`}>
            {t('register.openWork')}
          </Link>
          {hasDisclosures && (
            <Button
              onClick={() => downloadJson(`${registration.number}-disclosures.json`, answer.disclosures)}
            >
              {t('register.disclosures')}
            </Button>
          )}
          <Button onClick={onAnother}>{t('register.another')}</Button>
        </Space>
      }
    >
      <Descriptions column={1} layout="vertical" bordered size="small">
        <Descriptions.Item label={t('register.number')}>
          <Typography.Text strong copyable data-testid="registration-number">
            {registration.number}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('register.status')}>
          <StatusTag status={registration.status} />
        </Descriptions.Item>
      </Descriptions>
    </Result>
  );
}
