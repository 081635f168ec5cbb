import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { TimeText } from '../../format/time.tsx';
import { entryPath } from './chains.ts';

export interface Receipt {
  key: string;
  label: string;
  chain: string;
  digest: string;
  index: number;
  time: string;
  receipt: string;
}

/** The receipts of the deposits made on this page, each with a link to its entry page. */
export function ReceiptTable({ receipts }: { receipts: readonly Receipt[] }) {
  const { t } = useTranslation('unit');
  return (
    <Table<Receipt>
      rowKey="key"
      size="small"
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: true }}
      dataSource={[...receipts]}
      expandable={{
        expandedRowRender: (row) => (
          <Typography.Paragraph copyable={{ text: row.receipt }} style={{ margin: 0 }}>
            <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0 }}>{row.receipt}</pre>
          </Typography.Paragraph>
        ),
        rowExpandable: () => true,
      }}
      columns={[
        { title: t('deposit.file'), dataIndex: 'label', key: 'label' },
        {
          title: t('deposit.digest'),
          dataIndex: 'digest',
          key: 'digest',
          render: (digest: string) => (
            <Typography.Text code copyable className="receipt-digest" style={{ wordBreak: 'break-all' }}>
              {digest}
            </Typography.Text>
          ),
        },
        {
          title: t('deposit.entry'),
          key: 'entry',
          render: (_, row) => (
            <Link to={entryPath(row.chain, row.index)}>
              {row.chain}:{row.index}
            </Link>
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
  );
}
