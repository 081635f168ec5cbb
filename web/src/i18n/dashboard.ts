// The dashboard: the consortium's figures, per unit for operators.
export const dashboard = {
  'zh-CN': {
    title: '数据看板',
    window: '时间范围',
    days: '{{count}} 天',
    intro: '联盟各链按北京时间每日统计的存证、作品登记、跨链核验与网页取证数量。',
    introOperator:
      '联盟各链按北京时间每日统计的存证、作品登记、跨链核验与网页取证数量，以及各应用单位的存证量。',
    unavailable: '以下链的节点暂时无法提供数据：{{chains}}',
    totals: {
      entries: '链上记录总数',
      deposits: '期间存证',
      registrations: '期间作品登记',
      crossChain: '期间跨链核验',
      captures: '期间网页取证',
    },
    charts: {
      deposits: '每日存证（按链）',
      units: '每日存证（按应用单位）',
      workTypes: '作品登记（按作品类型）',
      crossChainAndCaptures: '每日跨链核验与网页取证',
    },
    noRegistrations: '期间没有作品登记',
    workType: {
      text: '文字',
      image: '美术/摄影',
      audio: '音乐/录音',
      video: '视听',
      software: '软件',
      other: '其他',
      unknown: '未注明',
    },
  },
  en: {
    title: 'Dashboard',
    window: 'Period',
    days: '{{count}} days',
    intro:
      'Deposits, work registrations, cross-chain verifications and web captures per day (Beijing time) on every chain of the consortium.',
    introOperator:
      'Deposits, work registrations, cross-chain verifications and web captures per day (Beijing time) on every chain of the consortium, and the deposits of each application unit.',
    unavailable: 'These chains’ nodes could not answer: {{chains}}',
    totals: {
      entries: 'Entries on the chains',
      deposits: 'Deposits in the period',
      registrations: 'Registrations in the period',
      crossChain: 'Cross-chain verifications in the period',
      captures: 'Web captures in the period',
    },
    charts: {
      deposits: 'Deposits per day, by chain',
      units: 'Deposits per day, by application unit',
      workTypes: 'Registrations by work type',
      crossChainAndCaptures: 'Cross-chain verifications and web captures per day',
    },
    noRegistrations: 'No registrations in the period',
    workType: {
      text: 'Text',
      image: 'Image',
      audio: 'Audio',
      video: 'Video',
      software: 'Software',
      other: 'Other',
      unknown: 'Not given',
    },
  },
};
