import { lazy } from 'react';
import type { PortalPage } from '../areas.tsx';

// The dashboard (and ECharts with it) loads only when opened.
const DashboardPage = lazy(() => import('./DashboardPage.tsx').then((m) => ({ default: m.DashboardPage })));

export const DASHBOARD_PAGES: readonly PortalPage[] = [
  {
    path: '/dashboard',
    element: <DashboardPage />,
    menu: { labelKey: 'dashboard:menu.dashboard', order: 10 },
  },
];
