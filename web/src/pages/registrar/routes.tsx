import { lazy } from 'react';
import { loadPageWith } from '../../i18n/index.ts';
import type { PortalPage } from '../areas.tsx';

// The registrar's pages (role registrar; the API also requires the copyright centre).
const ReviewQueuePage = lazy(() =>
  loadPageWith(['registrar', 'creator'], () => import('./ReviewQueuePage.tsx')).then((m) => ({
    default: m.ReviewQueuePage,
  })),
);

export const REGISTRAR_PAGES: readonly PortalPage[] = [
  {
    path: '/registrar/reviews',
    element: <ReviewQueuePage />,
    roles: ['registrar'],
    menu: { labelKey: 'registrar:menu.reviews', order: 40 },
  },
];
