import { Input, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiQuery } from '../../api/use-api.ts';
import type { MyWorksAnswer } from '../../../../src/api/contract/index.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { TimeText } from '../../format/time.tsx';
import { StatusTag } from './StatusTag.tsx';

// The works the logged-in creator registered (GET /v1/me/works), searchable by title and paged
// by the server, each with its status: registered, pending review or rejected.

const PAGE_SIZE = 10;
type Row = MyWorksAnswer['works'][number];

export function MyWorksPage() {
  const { t } = useTranslation('creator');
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(1);
  const path = `/v1/me/works?page=${page}&pageSize=${PAGE_SIZE}${query === '' ? '' : `&q=${encodeURIComponent(query)}`}`;
  const { data, error, loading, reload } = useApiQuery<MyWorksAnswer>(path);

  const columns: ColumnsType<Row> = [
    {
      title: t('myWorks.workTitle'),
      dataIndex: 'title',
      render: (title: string, work) => (
        <Link to={`/creator/works/${encodeURIComponent(work.number)}`}>{title}</Link>
      ),
    },
    { title: t('myWorks.number'), dataIndex: 'number', responsive: ['md'] },
    {
      title: t('myWorks.workType'),
      dataIndex: 'workType',
      responsive: ['lg'],
      render: (type: string) => t(`workType.${type}`),
    },
    {
      title: t('myWorks.status'),
      dataIndex: 'status',
      render: (status: Row['status']) => <StatusTag status={status} />,
    },
    {
      title: t('myWorks.registeredAt'),
      dataIndex: 'registeredAt',
      responsive: ['sm'],
      render: (time: string | null) => (time === null ? '—' : <TimeText value={time} />),
    },
  ];

  let body;
  if (error !== undefined) body = <ErrorState error={error} onRetry={reload} />;
  else if (data === undefined) body = <LoadingState />;
  else if (data.total === 0 && query === '')
    body = (
      <Space direction="vertical" align="center" style={{ width: '100%' }}>
        <EmptyState description={t('myWorks.empty')} />
        <Link to="/creator/register">{t('myWorks.registerFirst')}</Link>
      </Space>
    );
  else
    body = (
      <Table<Row>
        rowKey="number"
        columns={columns}
        dataSource={data.works}
        loading={loading}
        size="middle"
        locale={{ emptyText: <EmptyState /> }}
        pagination={{
          current: data.page,
          pageSize: PAGE_SIZE,
          total: data.total,
          showSizeChanger: false,
          showTotal: (total) => t('myWorks.total', { total }),
          onChange: setPage,
        }}
      />
    );

  return (
    <div style={{ maxWidth: 1100, margin: '0 auto' }}>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('myWorks.title')}
      </Typography.Title>
      <Input.Search
        aria-label={t('myWorks.search')}
        placeholder={t('myWorks.search')}
        allowClear
        enterButton
        maxLength={200}
        style={{ maxWidth: 420, marginBottom: 16 }}
        onSearch={(value) => {
          setQuery(value.trim());
          setPage(1);
        }}
      />
      {body}
    </div>
  );
}
