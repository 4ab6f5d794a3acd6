/**
 * The search's clock: wall time by default; CPU time of this process on request (SolveOptions.clock =
 * 'cpu'), so that benchmarks on a shared machine compare versions by the work they did rather than by how
 * much of the machine they happened to get. (With worker threads, process CPU time counts every thread.)
 */

/** Seconds since the clock was made. */
export function makeClock(kind: 'wall' | 'cpu' = 'wall'): () => number {
  if (kind === 'cpu') {
    const start = process.cpuUsage();
    return () => {
      const d = process.cpuUsage(start);
      return (d.user + d.system) / 1e6;
    };
  }
  const start = performance.now();
  return () => (performance.now() - start) / 1000;
}
