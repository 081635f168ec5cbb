import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/use-api.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { isNotFound } from './record-parts.tsx';

// The scaffold of a public record page found by its number (a work, a licence): the heading, and
// the record once loaded, "not found" for an unknown number, or the error with a retry.

export function RecordPage<T>({
  path,
  number,
  heading,
  children,
}: {
  /** The API path that answers the record. */
  path: string;
  /** The number as the visitor typed it, for the "not found" message. */
  number: string;
  heading: string;
  children: (record: T) => ReactNode;
}) {
  const { t } = useTranslation('public');
  const query = useApiQuery<T>(path);
  let content;
  if (query.loading) content = <LoadingState />;
  else if (query.error !== undefined) {
    content = isNotFound(query.error) ? (
      <EmptyState description={t('search.notFound', { query: number })} />
    ) : (
      <ErrorState error={query.error} onRetry={query.reload} />
    );
  } else content = children(query.data!);
  return (
    <section style={{ maxWidth: 880, margin: '0 auto' }}>
      <h1 style={{ fontSize: 22 }}>{heading}</h1>
      {content}
    </section>
  );
}
