import type { ReactElement } from 'react';
import { ACCOUNT_PAGES } from './account/routes.tsx';
import { PUBLIC_PAGES } from './public/routes.tsx';
import { UNIT_PAGES } from './unit/routes.tsx';
import { OPERATOR_PAGES } from './operator/routes.tsx';
import { DASHBOARD_PAGES } from './dashboard/routes.tsx';
import { CREATOR_PAGES } from './creator/routes.tsx';
import { REGISTRAR_PAGES } from './registrar/routes.tsx';

// Every page of the portal, by area. An area (public, creator, unit, registrar, operator…) lists
// its pages in pages/<area>/routes.tsx; a new area adds one import and one spread below. Areas
// import their pages with React.lazy, so a visitor downloads only the pages they open: the
// public verify page must stay small (issue 14: ≤ 400 KB gzip before it is interactive).

export interface PortalPage {
  /** The react-router path, e.g. `/works/:number`. */
  path: string;
  element: ReactElement;
  /** Roles that may open the page; undefined means anyone, logged in or not. */
  roles?: readonly string[];
  /** Shown in the menu under this i18n key (`namespace:key`) when set. */
  menu?: { labelKey: string; order: number };
}

export const PORTAL_PAGES: readonly PortalPage[] = [
  ...PUBLIC_PAGES,
  ...ACCOUNT_PAGES,
  ...UNIT_PAGES,
  ...OPERATOR_PAGES,
  ...DASHBOARD_PAGES,
  ...CREATOR_PAGES,
  ...REGISTRAR_PAGES,
];
