import { Alert, Card, Col, Descriptions, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Alarm, ChainInfo, QuorumTally, WitnessState, WitnessStatus } from '../../api/operator-types.ts';
import { useApiQuery } from '../../api/use-api.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { TimeText } from '../../format/time.tsx';

// Consortium status for operators: every chain's sizes (sequenced, checkpointed, final), how long
// finality lags, each witness's last cosignature, and the fork alarms.

function WitnessTable({ witnesses }: { witnesses: readonly WitnessStatus[] }) {
  const { t } = useTranslation('operator');
  return (
    <Table<WitnessStatus>
      rowKey="name"
      size="small"
      pagination={false}
      scroll={{ x: true }}
      dataSource={[...witnesses]}
      columns={[
        { title: t('status.witness'), dataIndex: 'name', key: 'name' },
        {
          title: t('status.state'),
          dataIndex: 'state',
          key: 'state',
          render: (state: WitnessState) => (
            <Tag
              data-state={state}
              color={state === 'ok' ? 'green' : state === 'failing' ? 'red' : 'default'}
              style={{ color: state === 'ok' ? '#135200' : state === 'failing' ? '#820014' : undefined }}
            >
              {t(`status.witnessState.${state}`)}
            </Tag>
          ),
        },
        {
          title: t('status.lastCosignedSize'),
          dataIndex: 'lastCosignedSize',
          key: 'size',
          render: (size?: number) => size ?? '—',
        },
        {
          title: t('status.lastCosignedAt'),
          dataIndex: 'lastCosignedAt',
          key: 'at',
          render: (at?: string) => (at === undefined ? '—' : <TimeText value={at} />),
        },
        {
          title: t('status.reason'),
          key: 'reason',
          render: (_: unknown, witness: WitnessStatus) =>
            witness.state !== 'failing' || witness.lastOutcome === undefined
              ? ''
              : `${t(`status.outcome.${witness.lastOutcome}`)}${witness.code === undefined ? '' : ` (${witness.code})`}`,
        },
      ]}
    />
  );
}

/** The latest checkpoint's cosignatures against the quorum, in the page's language. */
function describeTally(t: TFunction<'operator'>, tally: QuorumTally): string {
  const counted = t(tally.final ? 'status.tally.final' : 'status.tally.pending', {
    count: tally.independentCosignatures,
    independent: tally.independentWitnesses,
    required: tally.required,
  });
  const named =
    tally.cosigningOrganisations.length === 0
      ? ''
      : t('status.tally.named', { names: tally.cosigningOrganisations.join(t('status.tally.separator')) });
  const own =
    tally.ownWitnesses.length === 0
      ? ''
      : t('status.tally.own', {
          count: tally.ownWitnesses.length,
          names: tally.ownWitnesses.join(t('status.tally.separator')),
        });
  return `${counted}${named}${own}`;
}

function ChainCard({ chain }: { chain: ChainInfo }) {
  const { t } = useTranslation('operator');
  return (
    <Card
      title={<h2 style={{ margin: 0, fontSize: 18 }}>{chain.name}</h2>}
      data-testid={`chain-${chain.name}`}
    >
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Statistic title={t('status.size')} value={chain.size} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('status.treeSize')} value={chain.treeSize} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('status.finalTreeSize')} value={chain.finalTreeSize} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('status.finalityLag')}
            value={Math.round(chain.finalityLagMs / 100) / 10}
            suffix={t('status.seconds')}
          />
        </Col>
      </Row>
      <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginTop: 16 }}>
        <Descriptions.Item label={t('status.origin')}>{chain.origin}</Descriptions.Item>
        <Descriptions.Item label={t('status.sequencer')}>{chain.sequencer}</Descriptions.Item>
        <Descriptions.Item label={t('status.quorum')}>{chain.quorum}</Descriptions.Item>
        <Descriptions.Item label={t('status.finality')}>
          <span data-testid={`finality-${chain.name}`}>{describeTally(t, chain.quorumTally)}</span>
        </Descriptions.Item>
      </Descriptions>
      <WitnessTable witnesses={chain.witnessStatus} />
    </Card>
  );
}

export function ConsortiumPage() {
  const { t } = useTranslation('operator');
  const chains = useApiQuery<{ chains: ChainInfo[] }>('/v1/chains');
  const alarms = useApiQuery<{ alarms: Alarm[] }>('/v1/alarms');
  return (
    <Space direction="vertical" size="large" style={{ width: '100%', maxWidth: 1200, margin: '0 auto' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('status.title')}
      </Typography.Title>
      <section aria-label={t('status.alarms')}>
        <Typography.Title level={2} style={{ fontSize: 18 }}>
          {t('status.alarms')}
        </Typography.Title>
        {alarms.loading ? (
          <LoadingState />
        ) : alarms.error !== undefined ? (
          <ErrorState error={alarms.error} onRetry={alarms.reload} />
        ) : alarms.data!.alarms.length === 0 ? (
          <Alert type="success" showIcon title={t('status.noAlarms')} />
        ) : (
          <Space direction="vertical" style={{ width: '100%' }}>
            {alarms.data!.alarms.map((alarm, i) => (
              <Alert
                key={`${alarm.source}-${alarm.detectedAt}-${i}`}
                type="error"
                showIcon
                title={`${t(`status.alarmKind.${alarm.kind}`)} · ${alarm.origin}`}
                description={
                  <>
                    <TimeText value={alarm.detectedAt} /> {t('status.alarmFrom', { source: alarm.source })}
                    {alarm.treeSize === undefined ? '' : t('status.alarmTreeSize', { size: alarm.treeSize })}
                    {alarm.code === undefined ? '' : ` (${alarm.code})`}
                  </>
                }
              />
            ))}
          </Space>
        )}
      </section>
      {chains.loading ? (
        <LoadingState />
      ) : chains.error !== undefined ? (
        <ErrorState error={chains.error} onRetry={chains.reload} />
      ) : chains.data!.chains.length === 0 ? (
        <EmptyState />
      ) : (
        chains.data!.chains.map((chain) => <ChainCard key={chain.name} chain={chain} />)
      )}
    </Space>
  );
}
