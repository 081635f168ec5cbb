import type { PortalPage } from '../areas.tsx';
import { HomePage } from './HomePage.tsx';
import { LoginPage } from './LoginPage.tsx';

export const PUBLIC_PAGES: readonly PortalPage[] = [
  { path: '/', element: <HomePage />, menu: { labelKey: 'common:menu.home', order: 0 } },
  { path: '/login', element: <LoginPage /> },
];
