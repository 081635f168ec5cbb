import { lazy } from 'react';
import type { PortalPage } from '../areas.tsx';

const DepositPage = lazy(() => import('./DepositPage.tsx').then((m) => ({ default: m.DepositPage })));
const CapturesPage = lazy(() => import('./CapturesPage.tsx').then((m) => ({ default: m.CapturesPage })));
const MyEntriesPage = lazy(() => import('./MyEntriesPage.tsx').then((m) => ({ default: m.MyEntriesPage })));
const ApiKeysPage = lazy(() => import('./ApiKeysPage.tsx').then((m) => ({ default: m.ApiKeysPage })));

const DEPOSITORS = ['unit', 'platform'] as const;

export const UNIT_PAGES: readonly PortalPage[] = [
  {
    path: '/unit/deposit',
    element: <DepositPage />,
    roles: DEPOSITORS,
    menu: { labelKey: 'unit:menu.deposit', order: 20 },
  },
  {
    path: '/unit/captures',
    element: <CapturesPage />,
    roles: DEPOSITORS,
    menu: { labelKey: 'unit:menu.captures', order: 21 },
  },
  {
    path: '/unit/entries',
    element: <MyEntriesPage />,
    roles: DEPOSITORS,
    menu: { labelKey: 'unit:menu.entries', order: 22 },
  },
  {
    path: '/unit/keys',
    element: <ApiKeysPage />,
    roles: DEPOSITORS,
    menu: { labelKey: 'unit:menu.keys', order: 23 },
  },
];
