import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import 'dayjs/locale/zh-cn';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router';
import { LoadingState } from './components/states.tsx';
import { AppLayout } from './layout/AppLayout.tsx';
import { RequireRole } from './layout/RequireRole.tsx';
import { PORTAL_PAGES, type PortalPage } from './pages/areas.tsx';
import { NotFoundPage } from './pages/public/NotFoundPage.tsx';
import { SessionProvider } from './session/session.tsx';

// Colours darker than antd's defaults where those fall under WCAG 2.1 AA contrast (4.5:1):
// the primary blue behind white text and as link text, error messages, and secondary text on the grey page.
const PORTAL_THEME: ThemeConfig = {
  token: {
    colorPrimary: '#0958d9',
    colorPrimaryHover: '#003eb3',
    colorPrimaryActive: '#002c8c',
    colorLink: '#0958d9',
    colorLinkHover: '#003eb3',
    colorError: '#cf1322',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.65)',
  },
};

/** A page as routed: loaded on demand (areas import their pages lazily), behind its roles. */
function wrapPage(page: PortalPage) {
  const loaded = <Suspense fallback={<LoadingState />}>{page.element}</Suspense>;
  return page.roles === undefined ? loaded : <RequireRole roles={page.roles}>{loaded}</RequireRole>;
}

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={PORTAL_THEME}>
      <AntApp>
        <SessionProvider>
          <BrowserRouter>
            <Routes>
              <Route element={<AppLayout />}>
                {PORTAL_PAGES.map((page) => (
                  <Route key={page.path} path={page.path} element={wrapPage(page)} />
                ))}
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}
