import { Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { LoadingState } from '../components/states.tsx';
import { useSession } from '../session/session.tsx';

/** Shows `children` to a user holding one of `roles`; sends others to log in or tells them no. */
export function RequireRole({ roles, children }: { roles: readonly string[]; children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  const { t } = useTranslation('common');
  if (session.user === undefined) return <LoadingState />;
  if (session.user === null) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  if (!session.hasRole(...roles)) {
    return (
      <Result
        status="403"
        title={<h1 style={{ fontSize: 24 }}>{t('forbidden')}</h1>}
        subTitle={t('forbiddenDetail')}
      />
    );
  }
  return <>{children}</>;
}
