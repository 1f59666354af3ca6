/**
 * An attacker on a published release, written independently of the audit in `domain/open-data/disclosure.ts`: it
 * knows every published figure and every relation, and tries to pin down each withheld cell
 * 1. by subtraction: a sum relation with one unknown left gives that unknown; repeated until nothing changes;
 * 2. by bounds: interval propagation (each cell in [lo, hi], starting at [0, ∞)) through every relation until a
 *    fixpoint; a cell whose interval holds fewer than 3 integers is disclosed.
 */
import type { CellKey, DisclosureProblem } from '../../domain/open-data/disclosure.js';

export interface Attack {
  /** Withheld cells recovered exactly by subtraction. */
  readonly recovered: Map<CellKey, number>;
  /** Withheld cells whose interval narrowed below 3 integers. */
  readonly narrowed: Map<CellKey, { lo: number; hi: number }>;
}

export function attack(problem: DisclosureProblem, withheld: ReadonlySet<CellKey>): Attack {
  const known = new Map<CellKey, number>();
  for (const [k, v] of problem.values) if (!withheld.has(k)) known.set(k, v);
  const recovered = new Map<CellKey, number>();
  for (let changed = true; changed;) {
    changed = false;
    for (const r of problem.relations) {
      if (r.kind !== 'sum') continue;
      const members = [r.total, ...r.parts];
      const unknown = members.filter((m) => !known.has(m));
      if (unknown.length !== 1) continue;
      const [u] = unknown as [CellKey];
      const partsKnown = r.parts.filter((p) => p !== u).reduce((a, p) => a + known.get(p)!, 0);
      const value = u === r.total ? partsKnown : known.get(r.total)! - partsKnown;
      known.set(u, value);
      recovered.set(u, value);
      changed = true;
    }
  }

  const lo = new Map<CellKey, number>();
  const hi = new Map<CellKey, number>();
  for (const k of problem.values.keys()) {
    const v = withheld.has(k) ? undefined : problem.values.get(k)!;
    lo.set(k, v ?? 0);
    hi.set(k, v ?? Infinity);
  }
  const sumOf = (m: Map<CellKey, number>, keys: readonly CellKey[]): number =>
    keys.reduce((a, k) => a + m.get(k)!, 0);
  const tighten = (k: CellKey, newLo: number, newHi: number): boolean => {
    let changed = false;
    if (newLo > lo.get(k)!) {
      lo.set(k, newLo);
      changed = true;
    }
    if (newHi < hi.get(k)!) {
      hi.set(k, newHi);
      changed = true;
    }
    return changed;
  };
  for (let changed = true, rounds = 0; changed && rounds < 1000; rounds++) {
    changed = false;
    for (const r of problem.relations) {
      const t = r.total;
      if (r.kind === 'sum') {
        changed = tighten(t, sumOf(lo, r.parts), sumOf(hi, r.parts)) || changed;
        for (const p of r.parts) {
          const others = r.parts.filter((o) => o !== p);
          changed = tighten(p, lo.get(t)! - sumOf(hi, others), hi.get(t)! - sumOf(lo, others)) || changed;
        }
      } else {
        const maxLo = Math.max(...r.parts.map((p) => lo.get(p)!));
        const upper = r.kind === 'distinct' ? sumOf(hi, r.parts) : Infinity;
        changed = tighten(t, maxLo, upper) || changed;
        for (const p of r.parts) {
          const others = r.parts.filter((o) => o !== p);
          const lower = r.kind === 'distinct' ? lo.get(t)! - sumOf(hi, others) : 0;
          changed = tighten(p, lower, hi.get(t)!) || changed;
        }
      }
    }
  }
  const narrowed = new Map<CellKey, { lo: number; hi: number }>();
  for (const k of withheld) {
    const [l, h] = [Math.ceil(lo.get(k)!), Math.floor(hi.get(k)!)];
    if (h - l + 1 < 3) narrowed.set(k, { lo: l, hi: h });
  }
  return { recovered, narrowed };
}
