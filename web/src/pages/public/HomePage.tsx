import { Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { resolveSearchTarget } from './search-target.ts';

export function HomePage() {
  const { t } = useTranslation('public');
  const navigate = useNavigate();
  return (
    <section style={{ maxWidth: 720, margin: '0 auto' }}>
      <Typography.Title level={1}>{t('home.title')}</Typography.Title>
      <Typography.Paragraph>{t('home.intro')}</Typography.Paragraph>
      <Input.Search
        size="large"
        enterButton={t('home.search')}
        placeholder={t('home.searchPlaceholder')}
        aria-label={t('home.searchLabel')}
        onSearch={(value) => {
          const target = resolveSearchTarget(value);
          if (target !== null) navigate(target);
        }}
      />
    </section>
  );
}
