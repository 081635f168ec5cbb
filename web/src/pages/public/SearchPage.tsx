import { List, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { fetchJson } from '../../api/client.ts';
import type {
  ChainList,
  EntryList,
  StoredEntry as StoredEntryView,
} from '../../../../src/api/contract/index.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { TimeText } from '../../format/time.tsx';
import { parseEnvelope, TONE, WRAP_ANYWHERE } from './record-parts.tsx';
import { SearchBox } from './SearchBox.tsx';
import { classifySearch } from './search-target.ts';

interface Found {
  chain: string;
  entry: StoredEntryView;
}

/** Every entry on every chain of this digest's algorithm that recorded the digest. */
async function findDigest(digest: string, signal: AbortSignal): Promise<Found[]> {
  const algorithm = digest.split(':')[0];
  const { chains } = await fetchJson<ChainList>('/v1/chains', { signal });
  const lists = await Promise.all(
    chains
      .filter((chain) => chain.hashAlgorithm === algorithm)
      .map(async (chain) => {
        const path = `/v1/chains/${encodeURIComponent(chain.name)}/entries?digest=${encodeURIComponent(digest)}`;
        const { entries } = await fetchJson<EntryList>(path, { signal });
        return entries.map((entry) => ({ chain: chain.name, entry }));
      }),
  );
  return lists.flat();
}

function DigestResults({ digest }: { digest: string }) {
  const { t } = useTranslation('public');
  const [state, setState] = useState<{ found?: Found[]; error?: unknown }>({});
  const [round, setRound] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState({});
    findDigest(digest, controller.signal).then(
      (found) => setState({ found }),
      (error: unknown) => !controller.signal.aborted && setState({ error }),
    );
    return () => controller.abort();
  }, [digest, round]);
  if (state.error !== undefined)
    return <ErrorState error={state.error} onRetry={() => setRound((n) => n + 1)} />;
  if (state.found === undefined) return <LoadingState />;
  if (state.found.length === 0) return <EmptyState description={t('search.digestNotFound', { digest })} />;
  return (
    <List
      header={
        <h2 style={{ margin: 0, fontSize: 18 }}>{t('search.digestFound', { count: state.found.length })}</h2>
      }
      bordered
      dataSource={state.found}
      renderItem={({ chain, entry }) => {
        const envelope = parseEnvelope(entry.entry);
        return (
          <List.Item>
            <List.Item.Meta
              title={
                <Link to={`/entries/${chain}/${entry.index}`} style={{ color: TONE.info }}>
                  {entry.id}
                </Link>
              }
              description={
                <span style={WRAP_ANYWHERE}>
                  {envelope?.type} · {envelope?.unit} ·{' '}
                  {envelope === null ? null : <TimeText value={envelope.time} />}
                </span>
              }
            />
          </List.Item>
        );
      }}
    />
  );
}

export function SearchPage() {
  const { t } = useTranslation('public');
  const [params] = useSearchParams();
  const query = params.get('q') ?? '';
  const target = classifySearch(query);
  if (target.kind !== 'digest' && target.kind !== 'unknown') return <Navigate to={target.path} replace />;
  return (
    <section style={{ maxWidth: 880, margin: '0 auto' }}>
      <h1 style={{ fontSize: 22 }}>{t('search.heading')}</h1>
      <div style={{ marginBottom: 16 }}>
        <SearchBox initial={query} />
      </div>
      {target.kind === 'digest' ? (
        <DigestResults digest={target.digest} />
      ) : query.trim() === '' ? (
        <Typography.Paragraph>{t('home.intro')}</Typography.Paragraph>
      ) : (
        <EmptyState description={t('search.notFound', { query: target.text })} />
      )}
    </section>
  );
}
