import { Alert } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../api/client.ts';

// A refusal in the reader's language: the page words each problem code it knows (the `problem`
// namespace, web/src/i18n/problems.ts); only for a code it does not know does it show the server's
// own detail, labelled as the server's. The code is always shown, to quote to an operator.

/** The failure's code: an ApiProblem's, or a typed error's (src/verify's VerifyError in the page). */
function readCode(error: unknown): string | undefined {
  if (error instanceof ApiProblem) return error.code;
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** The problem's scalar details (a registration number, a detected type), for the sentence. */
function readValues(error: unknown): Record<string, string> {
  const details = error instanceof ApiProblem ? error.details : undefined;
  if (typeof details !== 'object' || details === null) return {};
  // An upload's problem carries the whole answer, its details one level down.
  const inner = (details as { details?: unknown }).details;
  const values: Record<string, string> = {};
  for (const source of [details, typeof inner === 'object' && inner !== null ? inner : {}]) {
    for (const [name, value] of Object.entries(source)) {
      if (typeof value === 'string' || typeof value === 'number') values[name] = String(value);
    }
  }
  return values;
}

/** Words `error` with `t` of the problem namespace; `has` tells which keys it has. */
export function describeProblem(
  error: unknown,
  t: (key: string, values?: Record<string, string>) => string,
  has: (key: string) => boolean,
): string {
  const code = readCode(error);
  if (code !== undefined && has(`byCode.${code}`))
    return `${t(`byCode.${code}`, readValues(error))} (${code})`;
  const detail =
    error instanceof ApiProblem ? error.detail : error instanceof Error ? error.message : String(error);
  const said = t('serverSaid', { detail });
  return code === undefined ? said : `${said} (${code})`;
}

/** describeProblem in the page's current language. */
export function useDescribeProblem(): (error: unknown) => string {
  const { t, i18n } = useTranslation('problem');
  return (error) =>
    describeProblem(
      error,
      (key, values) => t(key, values ?? {}),
      (key) => i18n.exists(key, { ns: 'problem' }),
    );
}

/** A failed action: the page's own words as the title, the refusal worded below. */
export function ProblemAlert({
  title,
  error,
  style = { marginBottom: 16 },
}: {
  title: string;
  error: unknown;
  style?: CSSProperties;
}) {
  const describe = useDescribeProblem();
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={title}
      description={<span data-testid="problem-detail">{describe(error)}</span>}
      style={style}
    />
  );
}
