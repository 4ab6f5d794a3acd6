/**
 * Settling the shared cost among carriers (cooperative cost game, pure arithmetic, no planning):
 * - parcel share: each carrier pays the total × its share of the parcels handled (down + up);
 * - Shapley value: each carrier pays its average marginal cost over every order in which the carriers could join,
 *   φ_i = Σ_{S ⊆ N∖{i}} |S|! (n−|S|−1)! / n! · (v(S ∪ {i}) − v(S)), v(∅) = 0. Exact over all 2^n coalitions, so
 *   at most MAX_SHAPLEY_PLAYERS carriers (2^7 = 128 coalition plans).
 * Both sum to the cost being shared (efficiency); Shapley also treats carriers with the same costs alike (symmetry).
 */

export const MAX_SHAPLEY_PLAYERS = 7;

/** Coalition of players as a bit mask over `players` (bit i = players[i]). */
export type CoalitionValue = (mask: number) => number;

/** Members of a coalition mask, joined with '+' in player order (the key of the coalition in the plan JSON). */
export function coalitionKey(players: string[], mask: number): string {
  return players.filter((_, i) => mask & (1 << i)).join('+');
}

function factorials(n: number): number[] {
  const f = [1];
  for (let k = 1; k <= n; k++) f.push(f[k - 1] * k);
  return f;
}

function popcount(mask: number): number {
  let c = 0;
  for (let m = mask; m; m &= m - 1) c++;
  return c;
}

/** Exact Shapley values of the cost game v over `players` (v(0) must be 0; v is called once per coalition). */
export function shapleyValues(players: string[], v: CoalitionValue): Record<string, number> {
  const n = players.length;
  if (n > MAX_SHAPLEY_PLAYERS)
    throw new Error(`Shapley values are exact for at most ${MAX_SHAPLEY_PLAYERS} carriers, got ${n}`);
  const full = (1 << n) - 1;
  const values = new Float64Array(full + 1);
  for (let mask = 1; mask <= full; mask++) values[mask] = v(mask);
  const f = factorials(n);
  const out: Record<string, number> = {};
  players.forEach((p, i) => {
    const bit = 1 << i;
    let phi = 0;
    for (let s = 0; s <= full; s++) {
      if (s & bit) continue;
      const k = popcount(s);
      phi += ((f[k] * f[n - k - 1]) / f[n]) * (values[s | bit] - values[s]);
    }
    out[p] = phi;
  });
  return out;
}

/** The total split in proportion to each carrier's parcels (all zero parcels: equal split). */
export function parcelShareAllocation(total: number, parcelsBy: Map<string, number>): Record<string, number> {
  const sum = [...parcelsBy.values()].reduce((a, b) => a + b, 0);
  const out: Record<string, number> = {};
  for (const [c, p] of parcelsBy) out[c] = sum > 0 ? (total * p) / sum : total / parcelsBy.size;
  return out;
}
