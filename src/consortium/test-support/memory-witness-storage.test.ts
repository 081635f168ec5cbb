import { MemoryWitnessStorage } from './memory-witness-storage.ts';
import { describeWitnessStorageConformance } from './witness-storage-conformance.ts';

describeWitnessStorageConformance('MemoryWitnessStorage (the test reference)', async () => {
  const storage = new MemoryWitnessStorage();
  return { storage, openTwin: async () => storage, dispose: async () => undefined };
});
