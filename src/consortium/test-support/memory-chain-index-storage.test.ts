import { describeChainIndexStorageConformance } from './chain-index-storage-conformance.ts';
import { MemoryChainIndexStorage } from './memory-chain-index-storage.ts';

describeChainIndexStorageConformance('MemoryChainIndexStorage (the test reference)', async () => ({
  storage: new MemoryChainIndexStorage(),
  dispose: async () => undefined,
}));
