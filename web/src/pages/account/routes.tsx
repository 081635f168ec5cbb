import { lazy } from 'react';
import { loadPageWith } from '../../i18n/index.ts';
import type { PortalPage } from '../areas.tsx';

// A logged-in user's own account, whatever their role; linked from the user menu, not the main menu.
const AccountPage = lazy(() =>
  loadPageWith(['account'], () => import('./AccountPage.tsx')).then((m) => ({ default: m.AccountPage })),
);

/** Every role: each logged-in user has an account page. */
const ALL_ROLES = ['unit', 'platform', 'creator', 'registrar', 'judge', 'clerk', 'mediator', 'operator'];

export const ACCOUNT_PAGES: readonly PortalPage[] = [
  { path: '/account', element: <AccountPage />, roles: ALL_ROLES },
];
