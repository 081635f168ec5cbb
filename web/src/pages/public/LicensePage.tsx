import { Alert, Button, Card, Descriptions, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { LicenseAnswer } from '../../api/public-types.ts';
import { RecordPage } from './RecordPage.tsx';
import { TimeText } from '../../format/time.tsx';
import { EntryCard } from './EntryCard.tsx';
import { CopyableCode, RawJson, TONE, useRecordLayout } from './record-parts.tsx';
import { chainOfLink } from './WorkPage.tsx';

export function LicensePage() {
  const { t } = useTranslation('public');
  const layout = useRecordLayout();
  const { number = '' } = useParams();
  return (
    <RecordPage<LicenseAnswer>
      path={`/v1/licenses/${encodeURIComponent(number)}`}
      number={number}
      heading={t('license.heading')}
    >
      {(record) => {
        const { license, links } = record;
        const chain = chainOfLink(links.bundle);
        const revocationEntry = license.revocation?.entry ?? null;
        return (
          <>
            {license.revoked && (
              <Alert
                type="error"
                showIcon
                role="alert"
                style={{ marginBottom: 16 }}
                title={t('license.revokedBanner')}
                description={license.revocation?.reason}
              />
            )}
            <Card
              title={<h2 style={{ margin: 0, fontSize: 18 }}>{license.number}</h2>}
              style={{ marginBottom: 16 }}
            >
              <Descriptions {...layout}>
                <Descriptions.Item label={t('license.number')}>
                  <CopyableCode value={license.number} />
                </Descriptions.Item>
                <Descriptions.Item label={t('license.status')}>
                  <Tag color={license.revoked ? TONE.bad : TONE.good}>
                    {t(license.revoked ? 'license.revoked' : 'license.valid')}
                  </Tag>
                </Descriptions.Item>
                <Descriptions.Item label={t('license.work')}>
                  <Link to={`/works/${license.work}`} style={{ color: TONE.info }}>
                    {license.work}
                  </Link>
                </Descriptions.Item>
                <Descriptions.Item label={t('license.licensor')}>{license.licensor.name}</Descriptions.Item>
                <Descriptions.Item label={t('license.licensee')}>{license.licensee.name}</Descriptions.Item>
                <Descriptions.Item label={t('license.scope')}>{license.scope.join(', ')}</Descriptions.Item>
                <Descriptions.Item label={t('license.territory')}>
                  {license.territory.join(', ')}
                </Descriptions.Item>
                <Descriptions.Item label={t('license.term')}>
                  {license.term.start ?? '—'} – {license.term.end ?? '…'}
                </Descriptions.Item>
                <Descriptions.Item label={t('license.grantedAt')}>
                  <TimeText value={license.grantedAt} />
                </Descriptions.Item>
                {license.revocation !== undefined && license.revocation !== null && (
                  <Descriptions.Item label={t('license.revokedAt')}>
                    <TimeText value={license.revocation.revokedAt} />
                  </Descriptions.Item>
                )}
                {license.revocation?.revokedBy !== undefined && (
                  <Descriptions.Item label={t('license.revokedBy')}>
                    {t(
                      license.revocation.revokedBy.capacity === 'registrar'
                        ? 'license.revokedAsRegistrar'
                        : 'license.revokedAsLicensor',
                      { name: license.revocation.revokedBy.name },
                    )}
                  </Descriptions.Item>
                )}
              </Descriptions>
              <Button
                href={`/v1/licenses/${encodeURIComponent(license.number)}/certificate.pdf`}
                target="_blank"
                rel="noopener"
                style={{ marginTop: 16 }}
              >
                {t('record.certificatePdf')}
              </Button>
              {license.revoked && (
                <Button
                  href={`/v1/licenses/${encodeURIComponent(license.number)}/revocation/certificate.pdf`}
                  target="_blank"
                  rel="noopener"
                  style={{ marginTop: 16, marginInlineStart: 8 }}
                >
                  {t('license.revocationPdf')}
                </Button>
              )}
              <RawJson items={[{ key: 'license', label: t('record.rawRecord'), value: record }]} />
            </Card>
            {license.entry !== null && (
              <EntryCard chain={chain} index={license.entry.index} title={t('record.onChain')} />
            )}
            {revocationEntry !== null && (
              <EntryCard chain={chain} index={revocationEntry.index} title={t('license.revocationEntry')} />
            )}
          </>
        );
      }}
    </RecordPage>
  );
}
