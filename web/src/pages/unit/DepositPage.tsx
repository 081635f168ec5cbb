import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Progress, Select, Space, Tabs, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchJson } from '../../api/client.ts';
import { digestFile } from '../../api/file-digest.ts';
import type { BatchResult, DepositResult } from '../../api/unit-types.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { useDescribeProblem } from '../../components/problem-alert.tsx';
import { parseTypedDigest, useDepositChains } from './chains.ts';
import { ReceiptTable, type Receipt } from './ReceiptTable.tsx';

// Deposit (存证): the browser computes each file's SHA-256 itself (the file never leaves the
// machine) and deposits the digest; several files go in one all-or-nothing batch.

const BATCH_LIMIT = 10_000;

interface Progress {
  step: 'hashing' | 'depositing';
  done: number;
  total: number;
  fraction: number;
}

function toReceipt(chain: string, label: string, digest: string, result: DepositResult): Receipt {
  return {
    key: `${chain}:${result.index}`,
    label,
    chain,
    digest,
    index: result.index,
    time: result.time,
    receipt: result.receipt,
  };
}

async function deposit(chain: string, items: { label: string; digest: string }[]): Promise<Receipt[]> {
  const path = `/v1/chains/${encodeURIComponent(chain)}/entries`;
  if (items.length === 1) {
    const [item] = items;
    const result = await fetchJson<DepositResult>(path, { method: 'POST', json: { digest: item!.digest } });
    return [toReceipt(chain, item!.label, item!.digest, result)];
  }
  const answer = await fetchJson<BatchResult>(`${path}/batch`, {
    method: 'POST',
    json: { entries: items.map((item) => ({ digest: item.digest })) },
  });
  return answer.results.map((result, i) => toReceipt(chain, items[i]!.label, items[i]!.digest, result));
}

export function DepositPage() {
  const { t } = useTranslation('unit');
  const describe = useDescribeProblem();
  const chainsQuery = useDepositChains();
  const [chain, setChain] = useState<string | undefined>(undefined);
  const [files, setFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [receipts, setReceipts] = useState<Receipt[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [digestForm] = Form.useForm<{ digest: string }>();

  if (chainsQuery.loading) return <LoadingState />;
  if (chainsQuery.error !== undefined)
    return <ErrorState error={chainsQuery.error} onRetry={chainsQuery.reload} />;
  const chosen = chain ?? chainsQuery.chains[0]?.name;
  const busy = progress !== null;

  async function run(items: () => Promise<{ label: string; digest: string }[]>) {
    if (chosen === undefined) return;
    setFailure(null);
    try {
      const listed = await items();
      setProgress({ step: 'depositing', done: 0, total: listed.length, fraction: 0 });
      const made = await deposit(chosen, listed);
      setReceipts((earlier) => [...made, ...earlier]);
      setFiles([]);
      digestForm.resetFields();
    } catch (error) {
      setFailure(error);
    } finally {
      setProgress(null);
    }
  }

  async function hashFiles(): Promise<{ label: string; digest: string }[]> {
    const items: { label: string; digest: string }[] = [];
    for (const [i, file] of files.entries()) {
      const digest = await digestFile(file, (fraction) =>
        setProgress({ step: 'hashing', done: i, total: files.length, fraction }),
      );
      items.push({ label: file.name, digest });
    }
    return items;
  }

  const percent =
    progress === null
      ? 0
      : progress.step === 'depositing'
        ? 100
        : Math.round(((progress.done + progress.fraction) / Math.max(1, progress.total)) * 100);

  return (
    <Space direction="vertical" size="large" style={{ width: '100%', maxWidth: 1100, margin: '0 auto' }}>
      <div>
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t('deposit.title')}
        </Typography.Title>
        <Typography.Paragraph>{t('deposit.intro')}</Typography.Paragraph>
      </div>
      <Card>
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Space wrap>
            <label htmlFor="deposit-chain">{t('deposit.chain')}</label>
            <Select
              id="deposit-chain"
              style={{ minWidth: 200 }}
              value={chosen}
              onChange={setChain}
              options={chainsQuery.chains.map((c) => ({ value: c.name, label: `${c.name} (${c.origin})` }))}
            />
          </Space>
          <Tabs
            destroyOnHidden
            items={[
              {
                key: 'files',
                label: t('deposit.filesTab'),
                children: (
                  <Space direction="vertical" style={{ width: '100%' }}>
                    <Upload.Dragger
                      multiple
                      fileList={files.map((file, i) => ({
                        uid: `${i}-${file.name}`,
                        name: file.name,
                        status: 'done',
                      }))}
                      beforeUpload={(file) => {
                        setFiles((earlier) => [...earlier, file].slice(0, BATCH_LIMIT));
                        return false;
                      }}
                      onRemove={(removed) => {
                        setFiles((earlier) =>
                          earlier.filter((file, i) => `${i}-${file.name}` !== removed.uid),
                        );
                      }}
                      disabled={busy}
                    >
                      <p className="ant-upload-drag-icon">
                        <InboxOutlined aria-hidden />
                      </p>
                      <p className="ant-upload-text">{t('deposit.drop')}</p>
                      <p className="ant-upload-hint">{t('deposit.dropHint')}</p>
                    </Upload.Dragger>
                    <Button
                      type="primary"
                      disabled={files.length === 0 || busy}
                      onClick={() => void run(hashFiles)}
                    >
                      {files.length > 1
                        ? t('deposit.submitBatch', { count: files.length })
                        : t('deposit.submitFile')}
                    </Button>
                  </Space>
                ),
              },
              {
                key: 'digest',
                label: t('deposit.digestTab'),
                children: (
                  <Form
                    form={digestForm}
                    layout="vertical"
                    requiredMark={false}
                    onFinish={(values) =>
                      void run(async () => [
                        { label: t('deposit.typedDigest'), digest: parseTypedDigest(values.digest)! },
                      ])
                    }
                  >
                    <Form.Item
                      name="digest"
                      label={t('deposit.digestLabel')}
                      rules={[
                        {
                          validator: async (_, value: string | undefined) => {
                            if (parseTypedDigest(value ?? '') === null)
                              throw new Error(t('deposit.digestInvalid'));
                          },
                        },
                      ]}
                    >
                      <Input placeholder="sha256:…" autoComplete="off" spellCheck={false} />
                    </Form.Item>
                    <Button type="primary" htmlType="submit" disabled={busy}>
                      {t('deposit.submitDigest')}
                    </Button>
                  </Form>
                ),
              },
            ]}
          />
          {progress !== null && (
            <div role="status" aria-live="polite">
              <Typography.Text>
                {progress.step === 'hashing'
                  ? t('deposit.hashing', { done: progress.done + 1, total: progress.total })
                  : t('deposit.depositing', { total: progress.total })}
              </Typography.Text>
              <Progress percent={percent} status="active" aria-label={t('deposit.progress')} />
            </div>
          )}
          {failure !== null && (
            <Alert
              type="error"
              role="alert"
              showIcon
              title={t('deposit.failed')}
              description={describe(failure)}
            />
          )}
        </Space>
      </Card>
      {receipts.length > 0 && (
        <Card title={<h2 style={{ margin: 0, fontSize: 18 }}>{t('deposit.receipts')}</h2>}>
          <Alert
            type="success"
            showIcon
            title={t('deposit.done', { count: receipts.length })}
            style={{ marginBottom: 16 }}
          />
          <ReceiptTable receipts={receipts} />
        </Card>
      )}
    </Space>
  );
}
