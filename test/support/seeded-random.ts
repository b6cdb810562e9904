/**
 * A small deterministic PRNG (mulberry32) for the suites that generate or inject at random (fuzz,
 * faults, crash, several instances): a failing run is replayed exactly from its seed.
 *
 * @example const random = seededRandom(20261202); random() // a number in [0, 1)
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
