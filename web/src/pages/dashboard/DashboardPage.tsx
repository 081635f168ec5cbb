import { Alert, Card, Col, Row, Segmented, Space, Statistic, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DashboardStats } from '../../api/dashboard-types.ts';
import { useApiQuery } from '../../api/use-api.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { useSession } from '../../session/session.tsx';
import {
  capturesPerDay,
  crossChainPerDay,
  depositsPerChain,
  depositsPerUnit,
  registrationsByWorkType,
  sumTotals,
  type Series,
} from './dashboard-series.ts';
import { EChart, type ChartOption } from './EChart.tsx';

// The consortium's figures for anyone, per unit for operators: one request to
// GET /v1/stats/dashboard, aggregated on the server from per-day counters.

const WINDOWS = [7, 30, 90, 365] as const;

function lineOption(days: readonly string[], series: readonly Series[], stacked: boolean): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: days.map((day) => day.slice(5)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: series.map((s) => ({
      name: s.name,
      type: stacked ? 'bar' : 'line',
      stack: stacked ? 'total' : undefined,
      data: s.values,
      smooth: !stacked,
    })),
  };
}

export function DashboardPage() {
  const { t } = useTranslation('dashboard');
  const session = useSession();
  const [days, setDays] = useState<number>(30);
  const query = useApiQuery<DashboardStats>(`/v1/stats/dashboard?days=${days}`);
  const stats = query.data;
  const charts = useMemo(() => {
    if (stats === undefined) return undefined;
    return {
      totals: sumTotals(stats),
      deposits: lineOption(stats.days, depositsPerChain(stats), true),
      units: depositsPerUnit(stats),
      workTypes: registrationsByWorkType(stats),
      crossChain: crossChainPerDay(stats),
      captures: capturesPerDay(stats),
    };
  }, [stats]);

  const workTypeName = (name: string) =>
    name === '' ? t('workType.unknown') : t(`workType.${name}`, { defaultValue: name });

  return (
    <Space direction="vertical" size="large" style={{ width: '100%', maxWidth: 1200, margin: '0 auto' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t('title')}
        </Typography.Title>
        <Segmented<number>
          aria-label={t('window')}
          value={days}
          onChange={setDays}
          options={WINDOWS.map((value) => ({ value, label: t('days', { count: value }) }))}
        />
      </Space>
      <Typography.Paragraph>
        {session.hasRole('operator') ? t('introOperator') : t('intro')}
      </Typography.Paragraph>
      {query.loading && stats === undefined ? (
        <LoadingState />
      ) : query.error !== undefined ? (
        <ErrorState error={query.error} onRetry={query.reload} />
      ) : stats === undefined || charts === undefined || stats.chains.length === 0 ? (
        <EmptyState />
      ) : (
        <>
          {stats.unavailable.length > 0 && (
            <Alert
              type="warning"
              showIcon
              title={t('unavailable', { chains: stats.unavailable.map((u) => u.chain).join(', ') })}
            />
          )}
          <Row gutter={[16, 16]} data-testid="dashboard-totals">
            {(
              [
                ['entries', charts.totals.entries],
                ['deposits', charts.totals.deposits],
                ['registrations', charts.totals.registrations],
                ['crossChain', charts.totals.crossChainVerifications],
                ['captures', charts.totals.captures],
              ] as const
            ).map(([key, value]) => (
              <Col xs={12} md={8} lg={4} key={key} flex="1">
                <Card size="small">
                  <Statistic title={t(`totals.${key}`)} value={value} data-testid={`total-${key}`} />
                </Card>
              </Col>
            ))}
          </Row>
          <Card title={<h2 style={{ margin: 0, fontSize: 18 }}>{t('charts.deposits')}</h2>}>
            <EChart option={charts.deposits} label={t('charts.deposits')} />
          </Card>
          {charts.units.length > 0 && (
            <Card title={<h2 style={{ margin: 0, fontSize: 18 }}>{t('charts.units')}</h2>}>
              <EChart option={lineOption(stats.days, charts.units, false)} label={t('charts.units')} />
            </Card>
          )}
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <Card title={<h2 style={{ margin: 0, fontSize: 18 }}>{t('charts.workTypes')}</h2>}>
                {charts.workTypes.length === 0 ? (
                  <EmptyState description={t('noRegistrations')} />
                ) : (
                  <EChart
                    label={t('charts.workTypes')}
                    option={{
                      tooltip: { trigger: 'item' },
                      legend: { type: 'scroll', bottom: 0 },
                      series: [
                        {
                          type: 'pie',
                          radius: ['35%', '65%'],
                          data: charts.workTypes.map((item) => ({
                            name: workTypeName(item.name),
                            value: item.value,
                          })),
                        },
                      ],
                    }}
                  />
                )}
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card title={<h2 style={{ margin: 0, fontSize: 18 }}>{t('charts.crossChainAndCaptures')}</h2>}>
                <EChart
                  label={t('charts.crossChainAndCaptures')}
                  option={lineOption(
                    stats.days,
                    [
                      { name: t('totals.crossChain'), values: charts.crossChain },
                      { name: t('totals.captures'), values: charts.captures },
                    ],
                    false,
                  )}
                />
              </Card>
            </Col>
          </Row>
        </>
      )}
    </Space>
  );
}
