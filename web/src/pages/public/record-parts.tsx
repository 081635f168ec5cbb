import { Collapse, Grid, Tag, Typography, type DescriptionsProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, sendApiRequest } from '../../api/client.ts';
import type { EntryEnvelopeView } from '../../api/public-types.ts';

// Pieces the public record pages (entry, work, licence, capture) share: a copyable digest, the
// finality tag, the raw JSON behind a fold, and the proof bundle with its finality.

/** Long values (digests, hashes) wrap anywhere, so a phone never scrolls sideways. */
export const WRAP_ANYWHERE = { overflowWrap: 'anywhere', wordBreak: 'break-all' } as const;

export function CopyableCode({ value }: { value: string }) {
  const { t } = useTranslation();
  return (
    <Typography.Text
      code
      copyable={{ text: value, tooltips: [t('copy'), t('copied')] }}
      style={WRAP_ANYWHERE}
    >
      {value}
    </Typography.Text>
  );
}

/** A record's particulars: label beside value on a wide screen, label above value on a phone. */
export function useRecordLayout(): Pick<
  DescriptionsProps,
  'column' | 'size' | 'bordered' | 'layout' | 'styles'
> {
  const screens = Grid.useBreakpoint();
  const wide = screens.sm !== false;
  return {
    column: 1,
    size: 'small',
    bordered: true,
    layout: wide ? 'horizontal' : 'vertical',
    styles: { label: wide ? { width: 130, whiteSpace: 'nowrap' } : {} },
  };
}

/** Tag colours dark enough for white text at WCAG 2.1 AA (4.5:1); antd's preset tags fall short. */
export const TONE = { good: '#237804', bad: '#a8071a', info: '#0958d9', wait: '#ad4e00' } as const;

export function FinalityTag({ finality }: { finality: BundleFinality }) {
  const { t } = useTranslation('public');
  const colour = finality === 'final' ? TONE.good : finality === 'integrated' ? TONE.info : TONE.wait;
  return <Tag color={colour}>{t(`record.finality.${finality}`)}</Tag>;
}

export function RawJson({ items }: { items: { key: string; label: string; value: unknown }[] }) {
  return (
    <Collapse
      style={{ marginTop: 16 }}
      items={items.map((item) => ({
        key: item.key,
        label: item.label,
        children: (
          <pre style={{ ...WRAP_ANYWHERE, whiteSpace: 'pre-wrap', margin: 0, fontSize: 12 }}>
            {typeof item.value === 'string' ? item.value : JSON.stringify(item.value, null, 2)}
          </pre>
        ),
      }))}
    />
  );
}

export function parseEnvelope(text: string): EntryEnvelopeView | null {
  try {
    return JSON.parse(text) as EntryEnvelopeView;
  } catch {
    return null;
  }
}

/** The names that signed a checkpoint note, the sequencer (the origin's key) left out. */
export function listCheckpointSigners(checkpoint: string): string[] {
  const [body = '', signatures = ''] = checkpoint.split('\n\n');
  const origin = body.split('\n')[0] ?? '';
  return signatures
    .split('\n')
    .map((line) => /^— (\S+) /.exec(line)?.[1])
    .filter((name): name is string => name !== undefined && name !== origin);
}

export type BundleFinality = 'final' | 'integrated' | 'pending';

export interface BundleState {
  finality: BundleFinality;
  text?: string;
  bundle?: { checkpoint: string; treeSize: number };
}

/** The entry's proof bundle, or `pending` while no checkpoint covers it (202). */
export function useBundle(chain: string, index: number | null): { state?: BundleState; error?: unknown } {
  const [answer, setAnswer] = useState<{ state?: BundleState; error?: unknown }>({});
  useEffect(() => {
    if (index === null) return;
    const controller = new AbortController();
    sendApiRequest(`/v1/chains/${encodeURIComponent(chain)}/entries/${index}/bundle`, {
      signal: controller.signal,
    })
      .then(async (response) => {
        const text = await response.text();
        if (response.status === 202) return setAnswer({ state: { finality: 'pending' } });
        const finality = response.headers.get('sealchain-finality') === 'final' ? 'final' : 'integrated';
        setAnswer({ state: { finality, text, bundle: JSON.parse(text) as BundleState['bundle'] } });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setAnswer({ error });
      });
    return () => controller.abort();
  }, [chain, index]);
  return answer;
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiProblem && (error.status === 404 || error.status === 400);
}

/** Saves text as a file the user downloads (a bundle to keep or take to court). */
export function downloadText(text: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
