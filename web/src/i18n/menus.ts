// The menu labels of the areas whose namespaces load with their pages (index.ts): the menu shows
// every area the user may open before any of them is loaded, so these stay in the main chunk.
export const areaMenus = {
  'zh-CN': {
    account: {
      menu: '我的账号',
    },
    unit: {
      menu: { deposit: '存证', captures: '网页取证', entries: '我的存证', keys: 'API 密钥' },
    },
    operator: {
      menu: { status: '联盟状态', users: '用户与机构' },
    },
    dashboard: {
      menu: { dashboard: '数据看板' },
    },
    creator: {
      menu: { register: '登记作品', myWorks: '我的作品' },
    },
    registrar: {
      menu: { reviews: '登记审查' },
    },
  },
  en: {
    account: {
      menu: 'My account',
    },
    unit: {
      menu: { deposit: 'Deposit', captures: 'Web capture', entries: 'My entries', keys: 'API keys' },
    },
    operator: {
      menu: { status: 'Consortium', users: 'Users' },
    },
    dashboard: {
      menu: { dashboard: 'Dashboard' },
    },
    creator: {
      menu: { register: 'Register a work', myWorks: 'My works' },
    },
    registrar: {
      menu: { reviews: 'Registration review' },
    },
  },
};
