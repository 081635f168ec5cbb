import { lazy } from 'react';
import type { PortalPage } from '../areas.tsx';

// The public pages (no login). Each loads on demand: the verify page, which a judge opens from a
// certificate, must stay small (issue 14: ≤ 400 KB gzip of script before it is interactive).
const HomePage = lazy(() => import('./HomePage.tsx').then((m) => ({ default: m.HomePage })));
const LoginPage = lazy(() => import('./LoginPage.tsx').then((m) => ({ default: m.LoginPage })));
const SearchPage = lazy(() => import('./SearchPage.tsx').then((m) => ({ default: m.SearchPage })));
const VerifyPage = lazy(() => import('./VerifyPage.tsx').then((m) => ({ default: m.VerifyPage })));
const EntryPage = lazy(() => import('./EntryPage.tsx').then((m) => ({ default: m.EntryPage })));
const WorkPage = lazy(() => import('./WorkPage.tsx').then((m) => ({ default: m.WorkPage })));
const LicensePage = lazy(() => import('./LicensePage.tsx').then((m) => ({ default: m.LicensePage })));
const CapturePage = lazy(() => import('./CapturePage.tsx').then((m) => ({ default: m.CapturePage })));

export const PUBLIC_PAGES: readonly PortalPage[] = [
  { path: '/', element: <HomePage />, menu: { labelKey: 'common:menu.home', order: 0 } },
  { path: '/login', element: <LoginPage /> },
  { path: '/search', element: <SearchPage /> },
  { path: '/verify', element: <VerifyPage />, menu: { labelKey: 'public:menu.verify', order: 1 } },
  { path: '/entries/:chain/:index', element: <EntryPage /> },
  { path: '/works/:number', element: <WorkPage /> },
  { path: '/licenses/:number', element: <LicensePage /> },
  { path: '/captures/:id', element: <CapturePage /> },
];
