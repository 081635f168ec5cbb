import { Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { resolveSearchTarget } from './search-target.ts';

/** The one search box: an evidence id, a digest, a registration, licence or capture number. */
export function SearchBox({ initial }: { initial?: string }) {
  const { t } = useTranslation('public');
  const navigate = useNavigate();
  return (
    <Input.Search
      key={initial}
      size="large"
      defaultValue={initial}
      enterButton={t('home.search')}
      placeholder={t('home.searchPlaceholder')}
      aria-label={t('home.searchLabel')}
      onSearch={(value) => {
        const target = resolveSearchTarget(value);
        if (target !== null) navigate(target);
      }}
    />
  );
}
