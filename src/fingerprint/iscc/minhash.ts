import { base64ToBytes } from '../../crypto/index.ts';

// ISO 24138:2024 Annex (MinHash), iscc-core `minhash.py`: 64 universal hash functions
// h(f) = ((a·f + b) mod 2^64 mod (2^61 − 1)) mod 2^32; keep each function's minimum over all
// features, then compress the 64 minima to 256 bits (bit k of every minimum, k = 0…3).

// prettier-ignore
const MULTIPLIERS: readonly bigint[] = [
  853146490016488653n, 1849332765672628665n, 1131688930666554379n,
  1936485333668353377n, 890837126813020267n, 1988249303247129861n,
  1408894512544874755n, 2140251716176616185n, 1755124413189049421n,
  1355916793659431597n, 546586563822844083n, 497603761441203021n,
  2000709902557454173n, 1057597903350092207n, 1576204252850880253n,
  2078784234495706739n, 1022616668454863635n, 2150082342606334489n,
  712341150087765807n, 1511757510246096559n, 1525853819909660573n,
  1263771796138990131n, 1215963627200985263n, 590069150281426443n,
  130824646248385081n, 962725325544728503n, 1702561325943522847n,
  296074222435072629n, 490211158716051523n, 1255327197241792767n,
  699458998727907367n, 32930168991409845n, 1985097843455124585n,
  362027841570125531n, 1903252144040897835n, 900391845076405289n,
  547470123601853551n, 1689373724032359119n, 845594231933442371n,
  400331968021206285n, 174967108345233429n, 876513700861085019n,
  505848386844809885n, 1920468508342256199n, 1292611725303815789n,
  963317239501343903n, 1730880032297268007n, 284614929850059717n,
  1185026248283273081n, 2167288823816985197n, 1214905315086686483n,
  1555253098157439857n, 1048013650291539723n, 1238618594841147605n,
  1213502582686547311n, 286300733803129311n, 1250358511639043529n,
  407534797452854371n, 960869149538623787n, 1722699901467253087n,
  1325704236119824319n, 196979859428570839n, 1669408735473259699n,
  781336617016068757n,
];
// prettier-ignore
const ADDENDS: readonly bigint[] = [
  1089606993368836715n, 726972438868274737n, 66204585613901025n,
  1078410179646709132n, 1343470117098523467n, 698653121981343911n,
  1248486536592473639n, 1447963007834012793n, 1034598851883537815n,
  1474008409379745934n, 793773480906057541n, 980501101461882479n,
  963941556313537655n, 233651787311327325n, 243905121737149907n,
  570269452476776142n, 297633284648631084n, 1516796967247398557n,
  1494795672066692649n, 1728741177365151059n, 1029197538967983408n,
  1660732464170610344n, 1399769594446678069n, 506465470557005705n,
  1279720146829545181n, 860096419955634036n, 411519685280832908n,
  69539191273403207n, 1960489729088056217n, 605092075716397684n,
  1017496016211653149n, 1304834535101321372n, 949013511180032347n,
  1142776242221098779n, 576980004709031232n, 1071272177143100544n,
  1494527341093835499n, 1073290814142727850n, 1285904200674942617n,
  1277176606329477335n, 343788427301735585n, 2100915269685487331n,
  1227711252031557450n, 18593166391963377n, 2101884148332688233n,
  191808277534686888n, 2170124912729392024n, 918430470748151293n,
  1831024560113812361n, 1951365515851067694n, 744352348473654499n,
  1921518311887826722n, 2020165648600700886n, 1764930142256726985n,
  1903893374912839788n, 1449378957774802122n, 1435825328374066345n,
  833197549717762813n, 2238991044337210799n, 748955638857938366n,
  1834583747494146901n, 222012292803592982n, 901238460725547841n,
  1501611130776083278n,
];

export const MINHASH_PERMUTATIONS = 64;

/**
 * The folding loop needs exact 64-bit products, which JavaScript numbers lack and BigInt makes
 * slow, so it runs as WebAssembly: `minhash.wat` beside this file, assembled with
 * `wat2wasm minhash.wat` (wabt 1.0.32) and base64-encoded here.
 */
const KERNEL_WASM_BASE64 =
  'AGFzbQEAAAABBgFgAn9/AAMCAQAFAwEAAQcRAgZtZW1vcnkCAARmb2xkAAAKxwEBxAEFAX8CfgN/AX4BfyAAIAFBAnRqIQcCQANAIAJBwABPDQEgAkEEdCkDACEDIAJBBHQpAwghBCACQQJ0KAKACCEFIAAhBgJAA0AgBiAHTw0BIAMgBigCAK1+IAR8IQggCEL//////////x+DIAhCPYh8IQggCEL//////////x9aBEAgCEL//////////x99IQgLIAinIQkgCSAFSQRAIAkhBQsgBkEEaiEGDAALCyACQQJ0IAU2AoAIIAJBAWohAgwACwsL';
const TABLE_OFFSET = 0;
const MINIMA_OFFSET = 1024;
const FEATURES_OFFSET = 2048;
const KERNEL_MEMORY_BYTES = 65536;
const FEATURE_BATCH = (KERNEL_MEMORY_BYTES - FEATURES_OFFSET) / 4;
const NO_MINIMUM = 0xffffffff;

interface Kernel {
  words: Uint32Array;
  fold: (pointer: number, count: number) => void;
}

let kernel: Kernel | undefined;

function loadKernel(): Kernel {
  if (kernel !== undefined) return kernel;
  const instance = new WebAssembly.Instance(
    new WebAssembly.Module(new Uint8Array(base64ToBytes(KERNEL_WASM_BASE64))),
  );
  const memory = instance.exports.memory as WebAssembly.Memory;
  const table = new BigUint64Array(memory.buffer, TABLE_OFFSET, MINHASH_PERMUTATIONS * 2);
  for (let k = 0; k < MINHASH_PERMUTATIONS; k++) {
    table[2 * k] = MULTIPLIERS[k]!;
    table[2 * k + 1] = ADDENDS[k]!;
  }
  kernel = {
    words: new Uint32Array(memory.buffer),
    fold: instance.exports.fold as (pointer: number, count: number) => void,
  };
  return kernel;
}

/** Running minima of the 64 hash functions; start with createMinhashState(). */
export type MinhashState = Float64Array;

export function createMinhashState(): MinhashState {
  return new Float64Array(MINHASH_PERMUTATIONS).fill(Infinity);
}

/** Folds unsigned 32-bit features `features[0, count)` into the minima, in batches. */
export function addMinhashFeatures(
  state: MinhashState,
  features: Uint32Array,
  count = features.length,
): void {
  if (count === 0) return;
  const { words, fold } = loadKernel();
  const minima = MINIMA_OFFSET / 4;
  for (let k = 0; k < MINHASH_PERMUTATIONS; k++) {
    words[minima + k] = state[k] === Infinity ? NO_MINIMUM : state[k]!;
  }
  for (let start = 0; start < count; start += FEATURE_BATCH) {
    const end = Math.min(count, start + FEATURE_BATCH);
    words.set(features.subarray(start, end), FEATURES_OFFSET / 4);
    fold(FEATURES_OFFSET, end - start);
  }
  for (let k = 0; k < MINHASH_PERMUTATIONS; k++) state[k] = words[minima + k]!;
}

/** The 256-bit digest of the minima: for k = 0…3, bit k of each minimum in order, MSB first. */
export function digestMinhash256(state: MinhashState): Uint8Array {
  const out = new Uint8Array(32);
  let position = 0;
  for (let bit = 0; bit < 4; bit++) {
    for (let k = 0; k < MINHASH_PERMUTATIONS; k++) {
      if ((state[k]! / 2 ** bit) % 2 >= 1) out[position >> 3]! |= 0x80 >> (position & 7);
      position++;
    }
  }
  return out;
}

/** The straightforward BigInt form of one hash function, kept as the reference for tests. */
export function hashFeatureReference(k: number, feature: number): number {
  const mixed = (MULTIPLIERS[k]! * BigInt(feature >>> 0) + ADDENDS[k]!) & 0xffffffffffffffffn;
  return Number((mixed % 0x1fffffffffffffffn) & 0xffffffffn);
}
