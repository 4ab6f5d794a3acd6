/**
 * Concatenable summaries of route pieces, in the manner of PyVRP's DurationSegment and LoadSegment. Every
 * cache of a route (prefixes, suffixes, whole route) and every move proposal is built by these two merges
 * and nothing else, so the time and load arithmetic of the search lives here once.
 *
 * Duration summary of a piece: duration (travel + service + waiting), timeWarp (lateness forced on the
 * piece), [early, late] = the start times at its first node that reach that minimal duration and time warp.
 * A single node is (service, 0, open, close); a depot is (0, 0, shift start, shift end).
 *
 * Load summary of a piece, per dimension: delivery, pickup and peak load (the load on board at the worst
 * point of the piece, counting the piece's own deliveries still on board and pickups already collected).
 * A single node is (delivery, pickup, max(delivery, pickup)).
 */

/** Mutable duration summary (mutable so that the hot loops merge without allocating). */
export class DurationSegment {
  duration = 0;
  timeWarp = 0;
  early = 0;
  late = 0;

  set(duration: number, timeWarp: number, early: number, late: number): this {
    this.duration = duration;
    this.timeWarp = timeWarp;
    this.early = early;
    this.late = late;
    return this;
  }

  /**
   * this ⊕ next: append the piece (duration, timeWarp, early, late) reached over an edge of the given travel
   * time. Waiting is added when the next piece cannot start yet; time warp when it is reached too late.
   */
  merge(edge: number, duration: number, timeWarp: number, early: number, late: number): this {
    const at = this.duration - this.timeWarp + edge;
    const diffWait = Math.max(early - at - this.late, 0);
    const diffTw = Math.max(this.early + at - late, 0);
    this.duration = this.duration + duration + edge + diffWait;
    this.timeWarp = this.timeWarp + timeWarp + diffTw;
    this.early = Math.max(early - at, this.early) - diffWait;
    this.late = Math.min(late - at, this.late) + diffTw;
    return this;
  }
}

/**
 * Load merge a ⊕ b for one dimension, written at index i of (del, pick, load). The inputs are read before
 * anything is written, so the output may be one of the inputs (in-place append).
 */
export function mergeLoad(
  del: Float64Array,
  pick: Float64Array,
  load: Float64Array,
  i: number,
  aDel: number,
  aPick: number,
  aLoad: number,
  bDel: number,
  bPick: number,
  bLoad: number,
): void {
  // b's deliveries ride through a; a's pickups ride through b.
  load[i] = Math.max(aLoad + bDel, bLoad + aPick);
  del[i] = aDel + bDel;
  pick[i] = aPick + bPick;
}
