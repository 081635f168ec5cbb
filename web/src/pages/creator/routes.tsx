import { lazy } from 'react';
import { loadPageWith } from '../../i18n/index.ts';
import type { PortalPage } from '../areas.tsx';

// The creator's pages. Registering and licensing are open to the API's registrants that are
// people or units (src/accounts/permissions.ts REGISTRANTS: unit, creator; registrars review).
const RegisterWorkPage = lazy(() =>
  loadPageWith(['creator'], () => import('./RegisterWorkPage.tsx')).then((m) => ({
    default: m.RegisterWorkPage,
  })),
);
const MyWorksPage = lazy(() =>
  loadPageWith(['creator'], () => import('./MyWorksPage.tsx')).then((m) => ({ default: m.MyWorksPage })),
);
const WorkPage = lazy(() =>
  loadPageWith(['creator'], () => import('./WorkPage.tsx')).then((m) => ({ default: m.WorkPage })),
);

export const CREATOR_ROLES = ['creator', 'unit'] as const;

export const CREATOR_PAGES: readonly PortalPage[] = [
  {
    path: '/creator/register',
    element: <RegisterWorkPage />,
    roles: CREATOR_ROLES,
    menu: { labelKey: 'creator:menu.register', order: 20 },
  },
  {
    path: '/creator/works',
    element: <MyWorksPage />,
    roles: CREATOR_ROLES,
    menu: { labelKey: 'creator:menu.myWorks', order: 21 },
  },
  { path: '/creator/works/:number', element: <WorkPage />, roles: CREATOR_ROLES },
];
