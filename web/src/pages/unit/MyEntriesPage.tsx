import { Button, Select, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fetchJson } from '../../api/client.ts';
import type { MyEntriesPage as EntriesAnswer, MyEntry } from '../../api/unit-types.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { TimeText } from '../../format/time.tsx';
import { entryPath, useDepositChains } from './chains.ts';

const PAGE_SIZE = 50;

/** The caller's own deposits on a chain, newest first, a page at a time (GET /v1/me/entries). */
export function MyEntriesPage() {
  const { t } = useTranslation('unit');
  const chainsQuery = useDepositChains();
  const [chain, setChain] = useState<string | undefined>(undefined);
  const [entries, setEntries] = useState<MyEntry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const chosen = chain ?? chainsQuery.chains[0]?.name;

  async function load(selected: string, before: number | null) {
    setLoading(true);
    setError(undefined);
    try {
      const query = new URLSearchParams({ chain: selected, limit: String(PAGE_SIZE) });
      if (before !== null) query.set('before', String(before));
      const answer = await fetchJson<EntriesAnswer>(`/v1/me/entries?${query}`);
      setEntries((earlier) => (before === null ? answer.entries : [...earlier, ...answer.entries]));
      setNext(answer.next);
    } catch (failure) {
      setError(failure);
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    if (chosen !== undefined) void load(chosen, null);
  }, [chosen]);

  if (chainsQuery.loading) return <LoadingState />;
  if (chainsQuery.error !== undefined)
    return <ErrorState error={chainsQuery.error} onRetry={chainsQuery.reload} />;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%', maxWidth: 1100, margin: '0 auto' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('entries.title')}
      </Typography.Title>
      <Space wrap>
        <label htmlFor="entries-chain">{t('deposit.chain')}</label>
        <Select
          id="entries-chain"
          style={{ minWidth: 200 }}
          value={chosen}
          onChange={setChain}
          options={chainsQuery.chains.map((c) => ({ value: c.name, label: c.name }))}
        />
      </Space>
      {error !== undefined && (
        <ErrorState error={error} onRetry={() => chosen !== undefined && void load(chosen, null)} />
      )}
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
        <Button loading={loading} onClick={() => chosen !== undefined && void load(chosen, next)}>
          {t('entries.more')}
        </Button>
      )}
    </Space>
  );
}
