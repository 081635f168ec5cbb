import { Alert, Button, Card, Descriptions, Progress, Tag, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { fetchJson, sendApiRequest } from '../../api/client.ts';
import { digestFile } from '../../api/file-digest.ts';
import type { LicenseAnswer } from '../../api/public-types.ts';
import { ErrorState } from '../../components/states.tsx';
import { CopyableCode, TONE, WRAP_ANYWHERE } from './record-parts.tsx';
import { classifyDroppedFile } from './verify-inputs.ts';
import type { VerificationReport } from '../../../../src/verify/index.ts';
import { formatBeijingTime } from '../../format/time.tsx';
import {
  runVerification,
  type PageCheck,
  type PageVerification,
  type RevocationState,
} from './verify-run.ts';
import { wordCheck } from './verify-words.ts';

// The verification page: a bundle (dropped, taken out of a certificate PDF, or fetched for
// ?chain=&index=), the consortium file (this node's, or the reader's own offline copy) and
// optionally the original file, whose SHA-256 the browser computes. src/verify runs here, in the
// page; nothing dropped is uploaded.

interface Source {
  name: string;
  text: string;
  /** Where it came from, for the page to say: a file, a certificate, this server. */
  origin: 'file' | 'pdf' | 'server';
}

async function lookUpRevocation(number: string): Promise<RevocationState | null> {
  try {
    const { license } = await fetchJson<LicenseAnswer>(`/v1/licenses/${encodeURIComponent(number)}`);
    return {
      revoked: license.revoked,
      ...(license.revocation === undefined || license.revocation === null
        ? {}
        : { reason: license.revocation.reason, time: license.revocation.revokedAt }),
    };
  } catch {
    return null;
  }
}

/** One check's particulars in the reader's language; the verifier's English behind a fold. */
function CheckWords({ check, report }: { check: PageCheck; report: VerificationReport }) {
  const { t, i18n } = useTranslation('public');
  const wording = wordCheck(
    check,
    report,
    (key) => i18n.exists(key, { ns: 'public' }),
    (items) => items.join(t('verify.listSeparator')),
    formatBeijingTime,
  );
  return (
    <>
      {wording.key !== null && <div data-testid="check-detail">{t(wording.key, wording.values)}</div>}
      {wording.unknownCode !== undefined && (
        <div>{t('verify.unknownCode', { code: wording.unknownCode })}</div>
      )}
      {wording.facts.map((fact) => (
        <div key={fact.label} style={{ ...WRAP_ANYWHERE, fontSize: 12 }}>
          {t(fact.label)}: <Typography.Text code>{fact.value}</Typography.Text>
        </div>
      ))}
      <details data-technical style={{ fontSize: 12, marginTop: 4 }}>
        <summary style={{ cursor: 'pointer' }}>{t('verify.technical')}</summary>
        <Typography.Text type="secondary" lang="en" style={{ ...WRAP_ANYWHERE, fontSize: 12 }}>
          {check.summary}
        </Typography.Text>
      </details>
    </>
  );
}

// A plain list, not antd's List: the verify page keeps its script small (issue 14: ≤ 400 KB gzip).
function CheckList({ result }: { result: PageVerification }) {
  const { t } = useTranslation('public');
  return (
    <ul style={{ listStyle: 'none', padding: 0, margin: 0, border: '1px solid #d9d9d9', borderRadius: 8 }}>
      {result.checks.map((check, i) => (
        <li
          key={`${check.id}-${i}`}
          data-check-id={check.id}
          data-check-ok={String(check.ok)}
          style={{ padding: '12px 16px', borderTop: i === 0 ? undefined : '1px solid #f0f0f0' }}
        >
          <div style={{ fontWeight: 600, marginBottom: 4 }}>
            <Tag color={check.ok ? TONE.good : TONE.bad}>{t(check.ok ? 'verify.pass' : 'verify.fail')}</Tag>
            {t(`verify.check.${check.id}.name`)}
          </div>
          <div>{t(`verify.check.${check.id}.${check.ok ? 'ok' : 'bad'}`)}</div>
          <CheckWords check={check} report={result.report} />
        </li>
      ))}
    </ul>
  );
}

export function VerifyPage() {
  const { t } = useTranslation('public');
  const [params] = useSearchParams();
  const [bundle, setBundle] = useState<Source | null>(null);
  const [trust, setTrust] = useState<Source | null>(null);
  const [original, setOriginal] = useState<{
    name: string;
    file: File;
    digest?: string;
    progress: number;
  } | null>(null);
  const [result, setResult] = useState<PageVerification | null>(null);
  const [failure, setFailure] = useState<unknown>(undefined);

  // This node's consortium file, unless the reader loads their own.
  useEffect(() => {
    fetchJson<unknown>('/v1/consortium').then(
      (file) =>
        setTrust(
          (current) => current ?? { name: '/v1/consortium', text: JSON.stringify(file), origin: 'server' },
        ),
      (error: unknown) => setFailure(error),
    );
  }, []);

  // ?chain=&index=: the entry's bundle from this server, as the entry pages link here.
  const chain = params.get('chain');
  const index = params.get('index');
  useEffect(() => {
    if (chain === null || index === null || !/^(0|[1-9][0-9]{0,15})$/.test(index)) return;
    const path = `/v1/chains/${encodeURIComponent(chain)}/entries/${index}/bundle`;
    sendApiRequest(path).then(
      async (response) => {
        if (response.status === 200)
          setBundle({ name: `${chain}:${index}`, text: await response.text(), origin: 'server' });
        else setFailure(new Error(t('verify.pending')));
      },
      (error: unknown) => setFailure(error),
    );
  }, [chain, index, t]);

  useEffect(() => {
    if (bundle === null || trust === null || (original !== null && original.digest === undefined)) return;
    let current = true;
    setFailure(undefined);
    runVerification({
      bundleText: bundle.text,
      trustText: trust.text,
      ...(original?.digest === undefined
        ? {}
        : {
            file: {
              sha256: original.digest,
              readBytes: async () => new Uint8Array(await original.file.arrayBuffer()),
            },
          }),
      lookUpRevocation,
    }).then(
      (outcome) => current && setResult(outcome),
      (error: unknown) => {
        if (!current) return;
        setResult(null);
        setFailure(error);
      },
    );
    return () => {
      current = false;
    };
  }, [bundle, trust, original]);

  async function takeFile(file: File) {
    setFailure(undefined);
    try {
      const dropped = await classifyDroppedFile(file);
      if (dropped.kind === 'bundle')
        setBundle({ name: dropped.name, text: dropped.text, origin: dropped.fromPdf ? 'pdf' : 'file' });
      else if (dropped.kind === 'consortium')
        setTrust({ name: dropped.name, text: dropped.text, origin: 'file' });
      else {
        setOriginal({ name: dropped.name, file: dropped.file, progress: 0 });
        const digest = await digestFile(dropped.file, (progress) =>
          setOriginal({ name: dropped.name, file: dropped.file, progress }),
        );
        setOriginal({ name: dropped.name, file: dropped.file, digest, progress: 1 });
      }
    } catch (error) {
      setFailure(error);
    }
  }

  const takeUpload = (file: File) => {
    void takeFile(file);
    return false;
  };

  return (
    <section style={{ maxWidth: 880, margin: '0 auto' }}>
      <h1 style={{ fontSize: 22 }}>{t('verify.heading')}</h1>
      <Typography.Paragraph>{t('verify.intro')}</Typography.Paragraph>
      <Upload.Dragger
        multiple
        showUploadList={false}
        beforeUpload={takeUpload}
        aria-label={t('verify.dropLabel')}
      >
        <p style={{ fontSize: 16, margin: 8 }}>{t('verify.drop')}</p>
        <p style={{ margin: 8 }}>{t('verify.dropHint')}</p>
      </Upload.Dragger>
      <Card size="small" style={{ marginTop: 16 }}>
        <Descriptions column={1} size="small" styles={{ label: { width: 140 } }}>
          <Descriptions.Item label={t('verify.bundle')}>
            <span data-testid="bundle-source" style={WRAP_ANYWHERE}>
              {bundle === null ? t('verify.none') : `${bundle.name} (${t(`verify.origin.${bundle.origin}`)})`}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('verify.consortium')}>
            <div>
              <div data-testid="consortium-source" style={WRAP_ANYWHERE}>
                {trust === null
                  ? t('verify.none')
                  : trust.origin === 'server'
                    ? t('verify.consortiumServer')
                    : t('verify.consortiumOwn', { name: trust.name })}
              </div>
              <Upload showUploadList={false} beforeUpload={takeUpload} accept=".json,application/json">
                <Button size="small" style={{ marginTop: 4 }}>
                  {t('verify.loadConsortium')}
                </Button>
              </Upload>
            </div>
          </Descriptions.Item>
          <Descriptions.Item label={t('verify.original')}>
            {original === null ? (
              t('verify.none')
            ) : original.digest === undefined ? (
              <Progress percent={Math.round(original.progress * 100)} size="small" />
            ) : (
              <span>
                <span style={WRAP_ANYWHERE}>{original.name} </span>
                <CopyableCode value={original.digest} />
              </span>
            )}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {failure !== undefined && (
        <div style={{ marginTop: 16 }}>
          <ErrorState error={failure} />
        </div>
      )}
      {result !== null && (
        <div style={{ marginTop: 16 }}>
          <Alert
            type={result.ok ? 'success' : 'error'}
            showIcon
            role="status"
            data-testid="verify-verdict"
            data-ok={String(result.ok)}
            title={
              <strong style={{ fontSize: 18 }}>
                {t(result.ok ? 'verify.consistent' : 'verify.inconsistent')}
              </strong>
            }
            description={t('verify.verdictDetail', {
              chain: result.report.chain,
              index: result.report.index,
              ms: result.milliseconds.toFixed(1),
            })}
            style={{ marginBottom: 16 }}
          />
          <CheckList result={result} />
        </div>
      )}
    </section>
  );
}
