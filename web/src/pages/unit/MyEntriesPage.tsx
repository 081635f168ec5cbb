import { Button, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fetchJson } from '../../api/client.ts';
import { useApiQuery } from '../../api/use-api.ts';
import type { ChainSummary, MyEntriesPage as EntriesAnswer, MyEntry } from '../../api/unit-types.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { TimeText } from '../../format/time.tsx';
import { entryPath } from './chains.ts';

const PAGE_SIZE = 50;
const ALL = '';

/**
 * The caller's own entries, made under its name or with its API keys, on every chain of the
 * consortium or on one, newest first, a page at a time (GET /v1/me/entries).
 */
export function MyEntriesPage() {
  const { t } = useTranslation('unit');
  const chainsQuery = useApiQuery<{ chains: ChainSummary[] }>('/v1/chains');
  const [chain, setChain] = useState<string>(ALL);
  const [entries, setEntries] = useState<MyEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(undefined);

  async function load(selected: string, cursor: string | null) {
    setLoading(true);
    setError(undefined);
    try {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (selected !== ALL) query.set('chain', selected);
      if (cursor !== null) query.set('cursor', cursor);
      const answer = await fetchJson<EntriesAnswer>(`/v1/me/entries?${query}`);
      setEntries((earlier) => (cursor === null ? answer.entries : [...earlier, ...answer.entries]));
      setNext(answer.next);
    } catch (failure) {
      setError(failure);
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    setEntries([]);
    void load(chain, null);
  }, [chain]);

  return (
    <Space direction="vertical" size="large" style={{ width: '100%', maxWidth: 1100, margin: '0 auto' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('entries.title')}
      </Typography.Title>
      <Space wrap>
        <label htmlFor="entries-chain">{t('entries.chain')}</label>
        <Select
          id="entries-chain"
          style={{ minWidth: 200 }}
          value={chain}
          onChange={setChain}
          loading={chainsQuery.loading}
          options={[
            { value: ALL, label: t('entries.allChains') },
            ...(chainsQuery.data?.chains ?? []).map((c) => ({ value: c.name, label: c.name })),
          ]}
        />
      </Space>
      {error !== undefined && <ErrorState error={error} onRetry={() => void load(chain, null)} />}
      {loading && entries.length === 0 ? (
        <LoadingState />
      ) : entries.length === 0 && error === undefined ? (
        <EmptyState description={t('entries.none')} />
      ) : (
        <Table<MyEntry>
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: true }}
          dataSource={entries}
          columns={[
            {
              title: t('deposit.entry'),
              key: 'id',
              render: (_, row) => <Link to={entryPath(row.chain, row.index)}>{row.id}</Link>,
            },
            { title: t('entries.type'), dataIndex: 'type', key: 'type' },
            {
              title: t('entries.madeBy'),
              key: 'key',
              render: (_, row) =>
                row.key === null ? (
                  t('entries.byYou')
                ) : (
                  <Tag data-testid="entry-key" title={row.principal}>
                    {t('entries.byKey', { key: row.key })}
                  </Tag>
                ),
            },
            {
              title: t('deposit.digest'),
              dataIndex: 'digest',
              key: 'digest',
              render: (digest: string) => (
                <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
                  {digest}
                </Typography.Text>
              ),
            },
            {
              title: t('deposit.time'),
              dataIndex: 'time',
              key: 'time',
              render: (time: string) => <TimeText value={time} />,
            },
          ]}
        />
      )}
      {next !== null && (
        <Button loading={loading} onClick={() => void load(chain, next)}>
          {t('entries.more')}
        </Button>
      )}
    </Space>
  );
}
