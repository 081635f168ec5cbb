import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

// Times are shown in Beijing time (the courts' and centres' time) with the UTC instant on hover,
// as the certificates print them (src/certificate/time.ts).

const BEIJING = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** `2026-12-07 20:31:05` in Beijing time, or the input unchanged when it is not a time. */
export function formatBeijingTime(value: string | number | Date): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return BEIJING.format(date);
}

export function TimeText({ value }: { value: string | number | Date }) {
  const { t } = useTranslation();
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return <span>{String(value)}</span>;
  return (
    <Tooltip title={`UTC ${date.toISOString()}`}>
      <time
        dateTime={date.toISOString()}
        aria-label={`${t('beijingTime')} ${formatBeijingTime(date)}, UTC ${date.toISOString()}`}
      >
        {formatBeijingTime(date)}
      </time>
    </Tooltip>
  );
}
