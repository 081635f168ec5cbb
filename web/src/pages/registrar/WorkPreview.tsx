import { Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sendApiRequest } from '../../api/client.ts';
import type { WorkView } from '../../../../src/api/contract/index.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';

// A preview of a work's own file (GET /v1/works/:number/file), as the server allows it: images as
// images, audio and video with their controls, text as text (its first characters), anything else
// as a download link. The server sends only types a browser shows without running anything.

/** The first characters of a text shown; the whole file is a download away. */
const TEXT_PREVIEW_CHARS = 4000;

function fileUrl(work: WorkView): string {
  return `/v1/works/${encodeURIComponent(work.number)}/file`;
}

function TextPreview({ work }: { work: WorkView }) {
  const { t } = useTranslation('registrar');
  const [text, setText] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [round, setRound] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setError(undefined);
    sendApiRequest(fileUrl(work), { signal: controller.signal, headers: { accept: 'text/plain' } })
      .then((response) => response.text())
      .then(
        (body) => setText(body.slice(0, TEXT_PREVIEW_CHARS)),
        (failure: unknown) => {
          if (!controller.signal.aborted) setError(failure);
        },
      );
    return () => controller.abort();
  }, [work, round]);
  if (error !== undefined) return <ErrorState error={error} onRetry={() => setRound((n) => n + 1)} />;
  if (text === undefined) return <LoadingState />;
  return (
    <pre
      tabIndex={0}
      aria-label={t('reviews.previewOf', { title: work.title })}
      style={{ maxHeight: 240, overflow: 'auto', whiteSpace: 'pre-wrap', margin: 0, padding: 8 }}
    >
      {text}
    </pre>
  );
}

export function WorkPreview({ work }: { work: WorkView }) {
  const { t } = useTranslation('registrar');
  const label = t('reviews.previewOf', { title: work.title });
  const url = fileUrl(work);
  let shown;
  switch (work.file.preview) {
    case 'image':
      shown = (
        <img src={url} alt={label} style={{ maxWidth: '100%', maxHeight: 320, objectFit: 'contain' }} />
      );
      break;
    case 'audio':
      shown = <audio controls preload="metadata" src={url} aria-label={label} style={{ width: '100%' }} />;
      break;
    case 'video':
      shown = <video controls preload="metadata" src={url} aria-label={label} style={{ maxWidth: '100%' }} />;
      break;
    case 'text':
      shown = <TextPreview work={work} />;
      break;
    default:
      shown = <Typography.Text type="secondary">{t('reviews.noPreview')}</Typography.Text>;
  }
  return (
    <figure data-preview={work.number} style={{ margin: '12px 0' }}>
      {shown}
      <figcaption style={{ marginTop: 4 }}>
        <a href={url} download={work.file.name}>
          {t('reviews.download', { name: work.file.name })}
        </a>
      </figcaption>
    </figure>
  );
}
