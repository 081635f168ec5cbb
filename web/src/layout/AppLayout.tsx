import { Button, Dropdown, Layout, Menu, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { rememberLanguage, type Language } from '../i18n/index.ts';
import { PORTAL_PAGES } from '../pages/areas.tsx';
import { useSession } from '../session/session.tsx';

// The frame of every page: the name, the menu of the pages this user may open, the language
// switch and the log-in state; the page itself renders in <Outlet />.

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const next: Language = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <Button
      type="text"
      lang={next}
      aria-label={`${t('language')}: ${t('switchLanguage')}`}
      onClick={() => {
        rememberLanguage(next);
        void i18n.changeLanguage(next);
      }}
      style={{ color: '#fff' }}
    >
      {t('switchLanguage')}
    </Button>
  );
}

function UserMenu() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  if (session.user === undefined) return null;
  if (session.user === null) {
    return (
      <Link to="/login" style={{ color: '#fff' }}>
        {t('login')}
      </Link>
    );
  }
  const user = session.user;
  return (
    // Opened by a click or a tap: hover does not exist on the phones the parties use.
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'roles', label: user.roles.map((role) => t(`role.${role}`)).join('、'), disabled: true },
          { key: 'account', label: t('account:menu') },
          { key: 'logout', label: t('logout') },
        ],
        onClick: ({ key }) => {
          if (key === 'account') navigate('/account');
          if (key === 'logout') void session.logOut().then(() => navigate('/'));
        },
      }}
    >
      <Button type="text" style={{ color: '#fff' }}>
        {user.displayName || user.name}
      </Button>
    </Dropdown>
  );
}

export function AppLayout() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const items = PORTAL_PAGES.filter((page) => page.menu !== undefined)
    .filter((page) => page.roles === undefined || session.hasRole(...page.roles))
    .sort((a, b) => a.menu!.order - b.menu!.order)
    .map((page) => ({ key: page.path, label: <Link to={page.path}>{t(page.menu!.labelKey)}</Link> }));
  const selected = items
    .map((item) => item.key)
    .filter((key) => key === location.pathname || (key !== '/' && location.pathname.startsWith(`${key}/`)));
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 16 }}>
        <Link to="/" style={{ color: '#fff', fontWeight: 600, whiteSpace: 'nowrap' }}>
          {t('appShortName')}
        </Link>
        {/* No overflow folding: its folded items stay focusable under aria-hidden; on a phone the menu scrolls. */}
        <nav aria-label={t('appName')} style={{ flex: 1, minWidth: 0, overflowX: 'auto' }}>
          <Menu
            theme="dark"
            mode="horizontal"
            disabledOverflow
            selectedKeys={selected}
            items={items}
            style={{ minWidth: 0 }}
          />
        </nav>
        <Space>
          <LanguageSwitch />
          <UserMenu />
        </Space>
      </Layout.Header>
      {/* antd's Layout.Content is the page's one <main> landmark. */}
      <Layout.Content style={{ padding: '24px 16px' }}>
        {/* A one-time password (new account, or reset by an operator) must be changed first. */}
        {session.user?.passwordChangeRequired === true && location.pathname !== '/account' ? (
          <Navigate to="/account" replace />
        ) : (
          <Outlet />
        )}
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center' }}>
        <Typography.Text type="secondary">{t('footer')}</Typography.Text>
      </Layout.Footer>
    </Layout>
  );
}
