// Strings of the public pages: home, search and log-in.
export const publicPages = {
  'zh-CN': {
    home: {
      title: '查询与核验',
      intro: '输入存证编号、SHA-256 摘要、登记号、许可号或取证编号，查看链上记录并核验。',
      searchPlaceholder: '存证编号、SHA-256、登记号、许可号或取证编号',
      search: '查询',
      searchLabel: '查询内容',
    },
    login: {
      title: '登录',
      name: '用户名',
      password: '密码',
      totp: '动态验证码',
      submit: '登录',
      nameRequired: '请输入用户名',
      passwordRequired: '请输入密码',
      failed: '用户名或密码不正确',
    },
  },
  en: {
    home: {
      title: 'Search and verify',
      intro:
        'Enter an evidence id, a SHA-256 digest, a registration number, a licence number or a capture id to see its record on the chain and verify it.',
      searchPlaceholder: 'Evidence id, SHA-256, registration, licence or capture number',
      search: 'Search',
      searchLabel: 'Search for',
    },
    login: {
      title: 'Log in',
      name: 'User name',
      password: 'Password',
      totp: 'One-time code',
      submit: 'Log in',
      nameRequired: 'Enter your user name',
      passwordRequired: 'Enter your password',
      failed: 'The user name or password is not right',
    },
  },
};
