import type { CosignerReport } from '../verify/index.ts';

// The "cosigned by" line of a verification printed by the CLI: each witness by the organisation
// the consortium file names, and which cosignature did not count (the sequencer's own witness).

/** "court (…, the sequencer's own: not counted), copyright-center (…)". */
export function formatCosignerLine(cosigners: readonly CosignerReport[]): string {
  const named = cosigners.map((c) =>
    c.counted ? `${c.witness} (${c.time})` : `${c.witness} (${c.time}; the sequencer's own: not counted)`,
  );
  return `  cosigned by ${named.join(', ')}`;
}
