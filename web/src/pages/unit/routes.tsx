import { lazy } from 'react';
import { loadPageWith } from '../../i18n/index.ts';
import type { PortalPage } from '../areas.tsx';

const DepositPage = lazy(() =>
  loadPageWith(['unit'], () => import('./DepositPage.tsx')).then((m) => ({ default: m.DepositPage })),
);
const CapturesPage = lazy(() =>
  loadPageWith(['unit'], () => import('./CapturesPage.tsx')).then((m) => ({ default: m.CapturesPage })),
);
const MyEntriesPage = lazy(() =>
  loadPageWith(['unit'], () => import('./MyEntriesPage.tsx')).then((m) => ({ default: m.MyEntriesPage })),
);
const ApiKeysPage = lazy(() =>
  loadPageWith(['unit'], () => import('./ApiKeysPage.tsx')).then((m) => ({ default: m.ApiKeysPage })),
);

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
