export { createApp, ROUTE_MODULES, type RegisterRoutes } from './app.ts';
export type { ApiContext, ApiEnv, ChainHandle } from './context.ts';
export { ApiError, type ApiErrorCode } from './errors.ts';
export {
  DEFAULT_NODE_OPTIONS,
  locateNodeFiles,
  resolveNodeOptions,
  type NodeOptions,
} from './node-options.ts';
export { auditEvidenceNode, auditSequencerNode } from './node-audit.ts';
export {
  DEFAULT_LOCAL_CONSORTIUM_OPTIONS,
  locateLocalNode,
  startLocalConsortium,
  type LocalConsortiumOptions,
  type RunningConsortium,
} from './local-consortium.ts';
export { LOCAL_ROUTES, locateLocalTarget, type LocalRoute, type LocalTarget } from './local-gateway.ts';
export { readNodeConfig, type NodeConfig } from './node-config.ts';
export { startConfiguredNode, type RunningConfiguredNode } from './configured-node.ts';
export { openWitnessNode, type WitnessNode, type WitnessNodeConfig } from './witness-node.ts';
export { describeSingleNodeTrust, openEvidenceNode, type EvidenceNode } from './evidence-node.ts';
export { openSequencerNode, type SequencerNode, type SequencerNodeConfig } from './node.ts';
export { DEFAULT_API_OPTIONS, resolveApiOptions, type ApiOptions } from './options.ts';
export {
  errorToProblem,
  PROBLEM_MEDIA_TYPE,
  PROBLEM_STATUS,
  type Problem,
  type ProblemCode,
} from './problem.ts';
export { startEvidenceNode, type RunningNode } from './server.ts';
export { createAdminToken, isAdminTokenHash, type CreatedUnit, type UnitView } from './unit-registry.ts';
export { FIRST_OPERATOR_NAME, type FirstOperator } from './first-operator.ts';
export { CSRF_HEADER, SESSION_COOKIE } from './session-auth.ts';
