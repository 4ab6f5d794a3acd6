/**
 * Carrier-scoped reads of operations data: carriers are competing tenants, so a carrier token sees only its own
 * manifests, ledger rows and dispatch lines (its handover to each vehicle), never another carrier's volumes.
 * Built by keeping the carrier's own entries (every per-carrier list and map of the document is filtered here).
 */
import type { Dispatch, Manifest } from './types.ts';

const own = (key: string, carrierId: string) => key.endsWith(`|${carrierId}`);

/** A dispatch as carrier `carrierId` may read it: its lines, its parcels left over, its weights. */
export function dispatchForCarrier(d: Dispatch, carrierId: string): Dispatch {
  const pick = <T>(m: Record<string, T> | undefined) =>
    m ? Object.fromEntries(Object.entries(m).filter(([k]) => own(k, carrierId))) : undefined;
  const lines = d.lines.filter((l) => l.carrierId === carrierId);
  return {
    ...d,
    lines,
    // Breaks of the vehicles that carry its parcels only (on their sheets).
    ...(d.breaks ? { breaks: d.breaks.filter((b) => lines.some((l) => l.vehicle === b.vehicle)) } : {}),
    notDispatched: d.notDispatched.filter((l) => l.carrierId === carrierId),
    kgPerParcel: pick(d.kgPerParcel),
    pickUps: pick(d.pickUps),
  };
}

export function manifestsForCarrier(list: Manifest[], carrierId: string | null): Manifest[] {
  return carrierId === null ? list : list.filter((m) => m.carrierId === carrierId);
}
