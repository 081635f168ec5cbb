import { describeFinalityStorageConformance } from './finality-storage-conformance.ts';
import { MemoryFinalityStorage } from './memory-finality-storage.ts';

describeFinalityStorageConformance('MemoryFinalityStorage (the test reference)', async () => ({
  storage: new MemoryFinalityStorage(),
  dispose: async () => undefined,
}));
