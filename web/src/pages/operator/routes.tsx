import { lazy } from 'react';
import { loadPageWith } from '../../i18n/index.ts';
import type { PortalPage } from '../areas.tsx';

const ConsortiumPage = lazy(() =>
  loadPageWith(['operator'], () => import('./ConsortiumPage.tsx')).then((m) => ({
    default: m.ConsortiumPage,
  })),
);
const UsersPage = lazy(() =>
  loadPageWith(['operator'], () => import('./UsersPage.tsx')).then((m) => ({ default: m.UsersPage })),
);

const OPERATORS = ['operator'] as const;

export const OPERATOR_PAGES: readonly PortalPage[] = [
  {
    path: '/operator',
    element: <ConsortiumPage />,
    roles: OPERATORS,
    menu: { labelKey: 'operator:menu.status', order: 60 },
  },
  {
    path: '/operator/users',
    element: <UsersPage />,
    roles: OPERATORS,
    menu: { labelKey: 'operator:menu.users', order: 61 },
  },
];
