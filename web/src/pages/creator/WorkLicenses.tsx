import { Alert, App, Button, Card, Collapse, Form, Input, Modal, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDescribeProblem } from '../../components/problem-alert.tsx';
import { fetchJson } from '../../api/client.ts';
import { useApiQuery } from '../../api/use-api.ts';
import type { WorkView } from '../../../../src/api/contract/index.ts';
import type { LicenseView } from '../../api/works-types.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { useSession } from '../../session/session.tsx';
import { GrantLicenseForm } from './GrantLicenseForm.tsx';
import { ToneTag } from './StatusTag.tsx';
import { LIMITS, textRule } from './work-rules.ts';

// The licences of a work: listed (GET /v1/works/:number/licenses), granted, and revoked with a
// reason (POST /v1/licenses/:number/revocation), each with its certificate.

function RevokeDialog({
  license,
  onClose,
}: {
  license: LicenseView | null;
  onClose: (revoked: boolean) => void;
}) {
  const { t } = useTranslation('creator');
  const describe = useDescribeProblem();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const revoke = async ({ reason }: { reason: string }) => {
    if (license === null) return;
    setBusy(true);
    setProblem(null);
    try {
      await fetchJson(`/v1/licenses/${encodeURIComponent(license.number)}/revocation`, {
        method: 'POST',
        json: { reason: reason.trim() },
      });
      form.resetFields();
      onClose(true);
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={license !== null}
      title={t('licenses.revokeTitle', { number: license?.number ?? '' })}
      okText={t('licenses.revokeSubmit')}
      okButtonProps={{ danger: true, disabled: busy }}
      onOk={() => form.submit()}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(values) => void revoke(values)}>
        <Form.Item name="reason" label={t('licenses.reason')} rules={[textRule(t, LIMITS.reason)]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
      {problem !== null && <Alert type="error" showIcon role="alert" title={describe(problem)} />}
    </Modal>
  );
}

export function WorkLicenses({ work }: { work: WorkView }) {
  const { t } = useTranslation('creator');
  const { message } = App.useApp();
  const { data, error, reload } = useApiQuery<{ licenses: LicenseView[] }>(
    `/v1/works/${encodeURIComponent(work.number)}/licenses`,
  );
  const [revoking, setRevoking] = useState<LicenseView | null>(null);
  // Only the registrant grants and revokes (the API answers others 403 NOT_REGISTRANT).
  const mine = useSession().user?.name === work.registrant;

  const columns: ColumnsType<LicenseView> = [
    { title: t('licenses.number'), dataIndex: 'number' },
    { title: t('licenses.licensee'), dataIndex: ['licensee', 'name'] },
    {
      title: t('licenses.scope'),
      dataIndex: 'scope',
      responsive: ['md'],
      render: (scope: string[]) => scope.map((s) => t(`licenses.scopeNames.${s}`)).join('、'),
    },
    {
      title: t('licenses.term'),
      dataIndex: 'term',
      responsive: ['lg'],
      render: (term: LicenseView['term']) => `${term.start} — ${term.end ?? t('licenses.unlimited')}`,
    },
    {
      title: t('licenses.status'),
      dataIndex: 'status',
      render: (status: LicenseView['status']) => (
        <ToneTag tone={status === 'granted' ? 'good' : 'plain'} status={status}>
          {t(`licenses.${status}`)}
        </ToneTag>
      ),
    },
    {
      title: t('licenses.actions'),
      key: 'actions',
      render: (_value, license) => (
        <Space wrap size="small">
          <a href={`/v1/licenses/${encodeURIComponent(license.number)}/certificate.pdf`} download>
            {t('licenses.certificate')}
          </a>
          {mine && license.status === 'granted' && (
            <Button size="small" danger onClick={() => setRevoking(license)}>
              {t('licenses.revoke')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  let list;
  if (error !== undefined) list = <ErrorState error={error} onRetry={reload} />;
  else if (data === undefined) list = <LoadingState />;
  else
    list = (
      <Table<LicenseView>
        rowKey="number"
        columns={columns}
        dataSource={data.licenses}
        pagination={false}
        size="small"
        locale={{ emptyText: <EmptyState description={t('licenses.empty')} /> }}
      />
    );

  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('licenses.title')}</h2>}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        {list}
        {!mine ? (
          <Alert type="info" showIcon title={t('licenses.notMine')} />
        ) : work.status === 'registered' ? (
          <Collapse
            items={[
              {
                key: 'grant',
                label: t('licenses.grant'),
                children: (
                  <GrantLicenseForm
                    workNumber={work.number}
                    onGranted={(license) => {
                      void message.success(t('licenses.granted_done', { number: license.number }));
                      reload();
                    }}
                  />
                ),
              },
            ]}
          />
        ) : (
          <Alert type="info" showIcon title={t('licenses.notRegistered')} />
        )}
      </Space>
      <RevokeDialog
        license={revoking}
        onClose={(revoked) => {
          if (revoked && revoking !== null)
            void message.success(t('licenses.revoked_done', { number: revoking.number }));
          setRevoking(null);
          if (revoked) reload();
        }}
      />
    </Card>
  );
}
