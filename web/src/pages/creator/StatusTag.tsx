import { Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegistrationStatus } from '../../../../src/api/contract/index.ts';

// Status tags in colours of WCAG AA contrast (antd's preset tag colours fall under 4.5:1).
const TONES = {
  good: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
  warn: { color: '#873800', background: '#fff7e6', borderColor: '#ffd591' },
  bad: { color: '#820014', background: '#fff1f0', borderColor: '#ffa39e' },
  plain: { color: 'rgba(0, 0, 0, 0.88)', background: '#fafafa', borderColor: '#d9d9d9' },
} as const;

export type Tone = keyof typeof TONES;

export function ToneTag({ tone, children, status }: { tone: Tone; children: ReactNode; status?: string }) {
  return (
    <Tag style={{ ...TONES[tone], fontSize: 13 }} data-status={status}>
      {children}
    </Tag>
  );
}

const STATUS_TONES: Record<RegistrationStatus, Tone> = {
  pending: 'plain',
  registered: 'good',
  'pending-review': 'warn',
  rejected: 'bad',
};

export function StatusTag({ status }: { status: RegistrationStatus }) {
  const { t } = useTranslation('creator');
  return (
    <ToneTag tone={STATUS_TONES[status]} status={status}>
      {t(`status.${status}`)}
    </ToneTag>
  );
}
