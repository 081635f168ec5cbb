// Forwards to src/services while routes/chains.ts, edited on another branch, still imports this
// path (issue 14); delete once it imports readChainStats from ../../services/index.ts.
export { readChainStats, type ChainStats, type UnitStats } from '../services/index.ts';
