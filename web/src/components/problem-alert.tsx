import { Alert } from 'antd';
import type { CSSProperties } from 'react';
import { ApiProblem } from '../api/client.ts';

/** The server's problem detail and its code, for a user to read and to quote to an operator. */
export function describeProblem(error: unknown): string {
  return error instanceof ApiProblem ? `${error.detail} (${error.code})` : String(error);
}

/** A failed action: the page's own words as the title, the server's problem detail and code below. */
export function ProblemAlert({
  title,
  error,
  style = { marginBottom: 16 },
}: {
  title: string;
  error: unknown;
  style?: CSSProperties;
}) {
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={title}
      description={describeProblem(error)}
      style={style}
    />
  );
}
