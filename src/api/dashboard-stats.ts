// Forwards to src/services while routes/dashboard-stats.ts, edited on another branch, still
// imports this path (issue 14); delete once it imports these from ../../services/index.ts.
export {
  DEFAULT_DASHBOARD_DAYS,
  listWindowDays,
  MAX_DASHBOARD_DAYS,
  readChainDailyStats,
  type ChainDailyStats,
} from '../services/index.ts';
