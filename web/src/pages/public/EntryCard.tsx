import { Button, Card, Descriptions, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { StoredEntry as StoredEntryView } from '../../../../src/api/contract/index.ts';
import { useApiQuery } from '../../api/use-api.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { TimeText } from '../../format/time.tsx';
import {
  CopyableCode,
  downloadText,
  FinalityTag,
  isNotFound,
  listCheckpointSigners,
  parseEnvelope,
  RawJson,
  TONE,
  useBundle,
  WRAP_ANYWHERE,
  useRecordLayout,
} from './record-parts.tsx';

/** The registry page of a work, licence or revocation entry (its number is in the entry's meta). */
function findRecordPage(type: string | undefined, meta: Record<string, unknown> | undefined): string | null {
  const number = type === 'license-revocation' ? meta?.['license'] : meta?.['number'];
  if (typeof number !== 'string') return null;
  if (type === 'work') return `/works/${encodeURIComponent(number)}`;
  if (type === 'license' || type === 'license-revocation') return `/licenses/${encodeURIComponent(number)}`;
  return null;
}

// One chain entry as a card: its id, chain, index, type, time, digest, depositor, finality and
// the witnesses that cosigned the checkpoint covering it, with the raw entry, receipt and proof
// bundle behind a fold, and links to the certificate PDF and to the in-browser verification.

export function EntryCard({ chain, index, title }: { chain: string; index: number; title?: string }) {
  const { t } = useTranslation('public');
  const layout = useRecordLayout();
  const path = `/v1/chains/${encodeURIComponent(chain)}/entries/${index}`;
  const query = useApiQuery<StoredEntryView>(path);
  const bundle = useBundle(chain, query.data === undefined ? null : index);
  if (query.loading) return <LoadingState />;
  if (query.error !== undefined) {
    return isNotFound(query.error) ? (
      <EmptyState description={t('record.entryNotFound', { id: `${chain}:${index}` })} />
    ) : (
      <ErrorState error={query.error} onRetry={query.reload} />
    );
  }
  const stored = query.data!;
  const envelope = parseEnvelope(stored.entry);
  const finality = bundle.state?.finality;
  const recordPage = findRecordPage(envelope?.type, envelope?.meta);
  const witnesses =
    bundle.state?.bundle === undefined ? [] : listCheckpointSigners(bundle.state.bundle.checkpoint);
  return (
    <Card
      title={
        <h2 style={{ margin: 0, fontSize: 18 }}>{title ?? t('record.entryTitle', { id: stored.id })}</h2>
      }
      style={{ marginBottom: 16 }}
    >
      <Descriptions {...layout}>
        <Descriptions.Item label={t('record.id')}>
          <CopyableCode value={stored.id} />
        </Descriptions.Item>
        <Descriptions.Item label={t('record.chain')}>{chain}</Descriptions.Item>
        <Descriptions.Item label={t('record.index')}>{stored.index}</Descriptions.Item>
        <Descriptions.Item label={t('record.type')}>
          {envelope?.type ?? '—'}
          {recordPage !== null && (
            <Link
              to={recordPage}
              style={{ color: TONE.info, marginInlineStart: 8, textDecoration: 'underline' }}
            >
              {t('record.registryPage')}
            </Link>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('record.time')}>
          {envelope === null ? '—' : <TimeText value={envelope.time} />}
        </Descriptions.Item>
        <Descriptions.Item label={t('record.digest')}>
          {envelope === null ? '—' : <CopyableCode value={envelope.digest} />}
        </Descriptions.Item>
        <Descriptions.Item label={t('record.unit')}>
          <span style={WRAP_ANYWHERE}>{envelope?.unit ?? '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('record.status')}>
          {finality === undefined ? (
            <Tag>{t(stored.integrated ? 'record.finality.integrated' : 'record.finality.pending')}</Tag>
          ) : (
            <FinalityTag finality={finality} />
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('record.witnesses')}>
          {witnesses.length === 0 ? '—' : witnesses.map((name) => <Tag key={name}>{name}</Tag>)}
        </Descriptions.Item>
      </Descriptions>
      <Space wrap style={{ marginTop: 16 }}>
        <Button href={`${path}/certificate.pdf`} target="_blank" rel="noopener">
          {t('record.certificatePdf')}
        </Button>
        {bundle.state?.text !== undefined && (
          <Button
            onClick={() =>
              downloadText(
                bundle.state!.text!,
                `${chain}-${index}.bundle.json`,
                'application/vnd.sealchain.bundle+json',
              )
            }
          >
            {t('record.downloadBundle')}
          </Button>
        )}
        <Link to={`/verify?chain=${encodeURIComponent(chain)}&index=${index}`}>
          <Button type="primary">{t('record.verifyHere')}</Button>
        </Link>
      </Space>
      <RawJson
        items={[
          { key: 'entry', label: t('record.rawEntry'), value: envelope ?? stored.entry },
          { key: 'receipt', label: t('record.rawReceipt'), value: stored.receipt },
          ...(bundle.state?.text === undefined
            ? []
            : [
                {
                  key: 'bundle',
                  label: t('record.rawBundle'),
                  value: JSON.parse(bundle.state.text) as unknown,
                },
              ]),
        ]}
      />
    </Card>
  );
}
