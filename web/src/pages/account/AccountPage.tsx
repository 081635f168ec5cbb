import { Alert, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LoadingState } from '../../components/states.tsx';
import { useSession } from '../../session/session.tsx';
import { PasswordCard } from './PasswordCard.tsx';
import { TotpCard } from './TotpCard.tsx';

/** A logged-in user's own account: who they are, their password and their second factor. */
export function AccountPage() {
  const { t } = useTranslation('account');
  const { t: tc } = useTranslation('common');
  const session = useSession();
  const user = session.user;
  // RequireRole shows this page only to a logged-in user; while the session is read, wait.
  if (user === undefined || user === null) return <LoadingState />;
  return (
    <section style={{ maxWidth: 800, margin: '0 auto' }}>
      <Typography.Title level={1}>{t('title')}</Typography.Title>
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        {user.passwordChangeRequired === true && (
          <Alert
            type="warning"
            showIcon
            role="alert"
            title={t('mustChange')}
            description={t('mustChangeDetail')}
            data-testid="password-change-required"
          />
        )}
        <Card title={<h2 style={{ margin: 0, fontSize: 18 }}>{t('profile.title')}</h2>}>
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={t('profile.name')}>{user.name}</Descriptions.Item>
            <Descriptions.Item label={t('profile.displayName')}>{user.displayName}</Descriptions.Item>
            <Descriptions.Item label={t('profile.organisation')}>
              {user.organisation ?? t('profile.noOrganisation')}
            </Descriptions.Item>
            <Descriptions.Item label={t('profile.roles')}>
              {user.roles.map((role) => (
                <Tag key={role}>{tc(`role.${role}`)}</Tag>
              ))}
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <PasswordCard userName={user.name} />
        <TotpCard roles={user.roles} enabled={user.totpEnabled === true} />
      </Space>
    </section>
  );
}
