import { Alert } from 'antd';
import { ApiProblem } from '../../api/client.ts';

/** A failed account change: the page's own words as the title, the server's problem detail and code below. */
export function ProblemAlert({ title, error }: { title: string; error: unknown }) {
  const detail = error instanceof ApiProblem ? `${error.detail} (${error.code})` : String(error);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={title}
      description={detail}
      style={{ marginBottom: 16 }}
    />
  );
}
