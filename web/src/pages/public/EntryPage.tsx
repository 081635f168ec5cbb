import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/states.tsx';
import { EntryCard } from './EntryCard.tsx';
import { classifySearch } from './search-target.ts';

export function EntryPage() {
  const { t } = useTranslation('public');
  const { chain = '', index = '' } = useParams();
  const target = classifySearch(`${chain}:${index}`);
  return (
    <section style={{ maxWidth: 880, margin: '0 auto' }}>
      <h1 style={{ fontSize: 22 }}>{t('record.entryHeading')}</h1>
      {target.kind === 'entry' ? (
        <EntryCard chain={target.chain} index={target.index} />
      ) : (
        <EmptyState description={t('search.notFound', { query: `${chain}/${index}` })} />
      )}
    </section>
  );
}
