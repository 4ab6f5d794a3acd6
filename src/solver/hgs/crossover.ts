/** Ordered crossover (OX) on giant tours: a slice of parent A, the rest in parent B's order. */
export function orderedCrossover(
  a: readonly number[],
  b: readonly number[],
  rng: () => number,
  maxJob: number,
): number[] {
  const n = a.length;
  if (n < 2) return a.slice();
  const start = Math.floor(rng() * n);
  let end = Math.floor(rng() * n);
  while (end === start) end = Math.floor(rng() * n);
  const child = new Array<number>(n);
  const taken = new Uint8Array(maxJob);
  let i = start;
  for (;;) {
    child[i] = a[i];
    taken[a[i]] = 1;
    if (i === end) break;
    i = (i + 1) % n;
  }
  let write = (end + 1) % n;
  for (let k = 1; k <= n; k++) {
    const job = b[(end + k) % n];
    if (taken[job]) continue;
    child[write] = job;
    write = (write + 1) % n;
  }
  return child;
}
