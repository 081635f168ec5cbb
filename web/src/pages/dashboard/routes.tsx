import { lazy } from 'react';
import { loadPageWith } from '../../i18n/index.ts';
import type { PortalPage } from '../areas.tsx';

// The dashboard (and ECharts with it) loads only when opened.
const DashboardPage = lazy(() =>
  loadPageWith(['dashboard'], () => import('./DashboardPage.tsx')).then((m) => ({
    default: m.DashboardPage,
  })),
);

export const DASHBOARD_PAGES: readonly PortalPage[] = [
  {
    path: '/dashboard',
    element: <DashboardPage />,
    menu: { labelKey: 'dashboard:menu.dashboard', order: 10 },
  },
];
