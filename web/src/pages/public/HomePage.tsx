import { Button, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { SearchBox } from './SearchBox.tsx';

export function HomePage() {
  const { t } = useTranslation('public');
  return (
    <section style={{ maxWidth: 720, margin: '0 auto' }}>
      <Typography.Title level={1}>{t('home.title')}</Typography.Title>
      <Typography.Paragraph>{t('home.intro')}</Typography.Paragraph>
      <SearchBox />
      <Typography.Paragraph style={{ marginTop: 24 }}>{t('home.verifyIntro')}</Typography.Paragraph>
      <Link to="/verify">
        <Button size="large">{t('home.verifyLink')}</Button>
      </Link>
    </section>
  );
}
