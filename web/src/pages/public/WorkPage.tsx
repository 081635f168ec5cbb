import { Button, Card, Descriptions, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { WorkAnswer } from '../../../../src/api/contract/index.ts';
import { RecordPage } from './RecordPage.tsx';
import { TimeText } from '../../format/time.tsx';
import { EntryCard } from './EntryCard.tsx';
import { CopyableCode, RawJson, TONE, WRAP_ANYWHERE, useRecordLayout } from './record-parts.tsx';

/** The chain of a `/v1/chains/<chain>/entries/<index>/bundle` link. */
export function chainOfLink(link: string | undefined, fallback = 'works'): string {
  return (link === undefined ? null : /^\/v1\/chains\/([^/]+)\//.exec(link)?.[1]) ?? fallback;
}

export function WorkPage() {
  const { t } = useTranslation('public');
  const layout = useRecordLayout();
  const { number = '' } = useParams();
  return (
    <RecordPage<WorkAnswer>
      path={`/v1/works/${encodeURIComponent(number)}`}
      number={number}
      heading={t('work.heading')}
    >
      {(record) => {
        const { registration: work, links } = record;
        return (
          <>
            <Card
              title={<h2 style={{ margin: 0, fontSize: 18 }}>{work.title}</h2>}
              style={{ marginBottom: 16 }}
            >
              <Descriptions {...layout}>
                <Descriptions.Item label={t('work.number')}>
                  <CopyableCode value={work.number} />
                </Descriptions.Item>
                <Descriptions.Item label={t('work.status')}>
                  <Tag color={work.status === 'registered' ? TONE.good : TONE.wait}>
                    {t(`work.statusName.${work.status}`, { defaultValue: work.status })}
                  </Tag>
                </Descriptions.Item>
                <Descriptions.Item label={t('work.authors')}>{work.authors.join('、')}</Descriptions.Item>
                <Descriptions.Item label={t('work.holder')}>{work.rightsHolder.name}</Descriptions.Item>
                <Descriptions.Item label={t('work.workType')}>
                  {t(`work.workTypeName.${work.workType}`, { defaultValue: work.workType })}
                </Descriptions.Item>
                <Descriptions.Item label={t('work.registeredAt')}>
                  {work.registeredAt === null ? '—' : <TimeText value={work.registeredAt} />}
                </Descriptions.Item>
                <Descriptions.Item label={t('work.file')}>
                  <span style={WRAP_ANYWHERE}>{work.file.name}</span>
                </Descriptions.Item>
                <Descriptions.Item label="SHA-256">
                  <CopyableCode value={`sha256:${work.file.sha256}`} />
                </Descriptions.Item>
              </Descriptions>
              <Space wrap style={{ marginTop: 16 }}>
                {links.certificate !== null && (
                  <Button href={links.certificate} target="_blank" rel="noopener">
                    {t('record.certificatePdf')}
                  </Button>
                )}
              </Space>
              <RawJson items={[{ key: 'work', label: t('record.rawRecord'), value: record }]} />
            </Card>
            {work.entry !== null && (
              <EntryCard
                chain={chainOfLink(links.bundle ?? undefined)}
                index={work.entry.index}
                title={t('record.onChain')}
              />
            )}
          </>
        );
      }}
    </RecordPage>
  );
}
