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
export {
  startConfiguredNode,
  type ConfiguredNodeSecrets,
  type RunningConfiguredNode,
} from './configured-node.ts';
export { openWitnessNode, type WitnessNode, type WitnessNodeConfig } from './witness-node.ts';
export { describeSingleNodeTrust, openEvidenceNode, type EvidenceNode } from './evidence-node.ts';
export { openSequencerNode, type SequencerNode, type SequencerNodeConfig } from './node.ts';
export { startEvidenceNode, type RunningNode } from './server.ts';
export { FIRST_OPERATOR_NAME, initFirstOperator, type FirstOperator } from './first-operator.ts';
export {
  DEFAULT_JOB_WORKERS_OPTIONS,
  startJobWorkers,
  WORKER_QUEUES,
  type JobWorkersOptions,
  type RunningJobWorkers,
} from './job-workers.ts';
