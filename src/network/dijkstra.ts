/**
 * Many-to-many shortest paths on the CSR road graph (minimum cost, e.g. duration, with the other
 * measure summed along the same path): one Dijkstra per source point with an indexed binary heap on
 * typed arrays, stopping as soon as every target's road nodes are settled.
 *
 * Points sit on edges (virtual nodes), so a source is seeded at both ends of its edge (if the
 * direction allows) and a target is reached through either end, plus the direct ride along a shared edge.
 *
 * `matrixRowsKernel` is self-contained on purpose (no imports, no inner functions): worker threads
 * receive it as source text (./matrix-workers.ts), which works the same under tsx, vitest and plain node.
 */

/**
 * Graph arrays the kernel needs (may live in SharedArrayBuffers). The search minimises arcCost and
 * sums arcOther along the chosen paths: (duration, length) for fastest routes, (length, duration) for shortest.
 */
export interface KernelGraph {
  nodeCount: number;
  arcOffset: Int32Array;
  arcTarget: Int32Array;
  arcOther: Float64Array;
  arcCost: Float64Array;
}

/**
 * Per-point attachment to the graph. Slot 2i and 2i+1 are the two ends of point i's edge.
 * src*: leaving the point towards that node (node −1 = not allowed by one-way or point inactive);
 * tgt*: arriving at the point from that node. Costs include the off-road connector.
 * sameEdge*: for the direct ride between two points on the same edge.
 */
export interface KernelPoints {
  count: number;
  active: Uint8Array;
  srcNode: Int32Array;
  srcCost: Float64Array;
  srcOther: Float64Array;
  tgtNode: Int32Array;
  tgtCost: Float64Array;
  tgtOther: Float64Array;
  edge: Int32Array;
  alongM: Float64Array;
  /** Cost and other per metre along the point's edge (s/m and 1, or 1 and s/m). */
  costPerM: Float64Array;
  otherPerM: Float64Array;
  edgeDir: Int8Array;
  /** Off-road connector of the point, one way. */
  connCost: Float64Array;
  connOther: Float64Array;
}

/**
 * Fill rows [rowStart, rowEnd) of the row-major count×count matrices (row i at (i − outFirstRow) × count
 * of the outputs). Inactive points get Infinity rows/columns (0 on the diagonal). `onRow` is called
 * after each row (progress).
 */
export function matrixRowsKernel(
  g: KernelGraph,
  p: KernelPoints,
  rowStart: number,
  rowEnd: number,
  outCost: Float64Array,
  outOther: Float64Array,
  onRow: ((row: number) => void) | null,
  outFirstRow = 0,
): void {
  const n = g.nodeCount;
  const count = p.count;
  const cost = new Float64Array(n);
  const other = new Float64Array(n);
  // Target node bookkeeping: how many distinct target nodes are still unsettled.
  const isTarget = new Uint8Array(n);
  let targetNodes = 0;
  for (let k = 0; k < 2 * count; k++) {
    const t = p.tgtNode[k];
    if (t >= 0 && isTarget[t] === 0) {
      isTarget[t] = 1;
      targetNodes++;
    }
  }
  // Indexed binary heap with decrease-key: heapPos[v] = slot of v in the heap, −1 = never reached,
  // −2 = settled. At most one entry per node, so the heap stays as small as the search frontier.
  const heapKey = new Float64Array(n + 1);
  const heapNode = new Int32Array(n + 1);
  const heapPos = new Int32Array(n);

  for (let i = rowStart; i < rowEnd; i++) {
    const row = (i - outFirstRow) * count;
    if (p.active[i] === 0) {
      for (let j = 0; j < count; j++) {
        outCost[row + j] = i === j ? 0 : Infinity;
        outOther[row + j] = i === j ? 0 : Infinity;
      }
      if (onRow !== null) onRow(i);
      continue;
    }
    cost.fill(Infinity);
    other.fill(Infinity);
    heapPos.fill(-1);
    let size = 0;
    let remaining = targetNodes;
    // One relaxation for the seeds and for the arcs: u = −1 relaxes the seeds (both ends of the source's
    // edge, as the one-way rules allow, at their connector costs), then each settled node its out-arcs.
    let u = -1;
    for (;;) {
      const seeds = u < 0;
      const from = seeds ? 2 * i : g.arcOffset[u];
      const to = seeds ? 2 * i + 2 : g.arcOffset[u + 1];
      const heads = seeds ? p.srcNode : g.arcTarget;
      const steps = seeds ? p.srcCost : g.arcCost;
      const otherSteps = seeds ? p.srcOther : g.arcOther;
      const base = seeds ? 0 : cost[u];
      const otherBase = seeds ? 0 : other[u];
      for (let a = from; a < to; a++) {
        const v = heads[a];
        if (v < 0) continue; // a seed the one-way rules forbid
        const nd = base + steps[a];
        if (nd >= cost[v]) continue; // also true for settled nodes
        cost[v] = nd;
        other[v] = otherBase + otherSteps[a];
        // Decrease-key (or insert at the end), then sift up.
        let pos = heapPos[v] >= 0 ? heapPos[v] : size++;
        while (pos > 0) {
          const parent = (pos - 1) >> 1;
          if (heapKey[parent] <= nd) break;
          heapKey[pos] = heapKey[parent];
          heapNode[pos] = heapNode[parent];
          heapPos[heapNode[pos]] = pos;
          pos = parent;
        }
        heapKey[pos] = nd;
        heapNode[pos] = v;
        heapPos[v] = pos;
      }
      if (size === 0 || remaining === 0) break;
      u = heapNode[0];
      heapPos[u] = -2;
      size--;
      if (size > 0) {
        // Move the last entry down from the root.
        const lastKey = heapKey[size];
        const lastNode = heapNode[size];
        let pos = 0;
        for (;;) {
          let child = 2 * pos + 1;
          if (child >= size) break;
          if (child + 1 < size && heapKey[child + 1] < heapKey[child]) child++;
          if (heapKey[child] >= lastKey) break;
          heapKey[pos] = heapKey[child];
          heapNode[pos] = heapNode[child];
          heapPos[heapNode[pos]] = pos;
          pos = child;
        }
        heapKey[pos] = lastKey;
        heapNode[pos] = lastNode;
        heapPos[lastNode] = pos;
      }
      if (isTarget[u] === 1) remaining--;
    }
    for (let j = 0; j < count; j++) {
      if (j === i) {
        outCost[row + j] = 0;
        outOther[row + j] = 0;
        continue;
      }
      let bestCost = Infinity;
      let bestOther = Infinity;
      if (p.active[j] === 1) {
        for (let k = 2 * j; k < 2 * j + 2; k++) {
          const t = p.tgtNode[k];
          if (t < 0) continue;
          const d = cost[t] + p.tgtCost[k];
          if (d < bestCost) {
            bestCost = d;
            bestOther = other[t] + p.tgtOther[k];
          }
        }
        // Direct ride along a shared edge, if its direction allows.
        if (p.edge[j] === p.edge[i]) {
          const delta = p.alongM[j] - p.alongM[i];
          const dir = p.edgeDir[i];
          if ((delta >= 0 && dir !== -1) || (delta <= 0 && dir !== 1)) {
            const m = Math.abs(delta);
            const d = p.connCost[i] + m * p.costPerM[i] + p.connCost[j];
            if (d < bestCost) {
              bestCost = d;
              bestOther = p.connOther[i] + m * p.otherPerM[i] + p.connOther[j];
            }
          }
        }
      }
      outCost[row + j] = bestCost;
      outOther[row + j] = bestOther;
    }
    if (onRow !== null) onRow(i);
  }
}
