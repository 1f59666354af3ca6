/**
 * Statistical disclosure control for open data (BRIEF §4.14).
 *
 * A release is a set of cells (counts, keyed globally so that datasets sharing a figure share the key) and the
 * relations an attacker knows between them: `sum` (a total is the sum of its parts: partitions) and `distinct` (a
 * total of distinct persons over parts a person can sit in several of: max(parts) ≤ total ≤ Σ parts).
 *
 * Primary suppression withholds counts 1 and 2. Secondary suppression withholds further cells until every withheld
 * cell's feasible range — the least and greatest integer it can take, given every published figure, every relation
 * and a lower bound of 0 — spans at least 3 integers. The audit solves those bounds as integer linear programs
 * (javascript-lp-solver), so it catches recovery by subtraction along rows and columns and by chains of bounds alike.
 */
import lpSolver from 'javascript-lp-solver';
import type { Model, SolverAPI } from 'javascript-lp-solver';

// The package's declarations describe an ES default export, but its CommonJS build sets `module.exports` to the solver
// itself, which is what a default import receives at run time (under Node's ESM and Jest alike).
const solver = lpSolver as unknown as SolverAPI;

/** The project's disclosure rules (BRIEF §4.14): counts from `primaryMin` to `primaryMax` are withheld, and each
 * withheld cell's feasible range must hold at least `minRangeIntegers` integers. */
export const DISCLOSURE_RULES = { primaryMin: 1, primaryMax: 2, minRangeIntegers: 3 } as const;

export type CellKey = string;

export interface Relation {
  /** `sum`: total = Σ parts. `distinct`: every part ≤ total ≤ Σ parts. `bound`: every part ≤ total (a subset:
   * GMI households are needy households). */
  readonly kind: 'sum' | 'distinct' | 'bound';
  readonly total: CellKey;
  readonly parts: readonly CellKey[];
}

export interface DisclosureProblem {
  readonly values: ReadonlyMap<CellKey, number>;
  readonly relations: readonly Relation[];
}

export interface FeasibleRange {
  readonly min: number;
  /** `Infinity` when nothing published bounds the cell from above. */
  readonly max: number;
}

export interface Exposure extends FeasibleRange {
  readonly cell: CellKey;
}

export interface Protection {
  readonly withheld: ReadonlySet<CellKey>;
  /** Withheld because the count itself is 1 or 2 (never published as such: see `withheld`). */
  readonly primary: ReadonlySet<CellKey>;
  readonly secondary: ReadonlySet<CellKey>;
}

export class DisclosureInputError extends Error {}

/** Checks that every value is a non-negative integer and every relation holds for the true values. */
export function validateProblem(problem: DisclosureProblem): void {
  for (const [key, value] of problem.values) {
    if (!Number.isInteger(value) || value < 0)
      throw new DisclosureInputError(`cell ${key}: ${value} is not a count`);
  }
  const v = (key: CellKey): number => {
    const value = problem.values.get(key);
    if (value === undefined) throw new DisclosureInputError(`relation names an unknown cell ${key}`);
    return value;
  };
  for (const r of problem.relations) {
    if (r.parts.length === 0) throw new DisclosureInputError(`relation of ${r.total} has no parts`);
    const total = v(r.total);
    const parts = r.parts.map(v);
    const sum = parts.reduce((a, b) => a + b, 0);
    const covers = parts.every((p) => p <= total);
    const holds = r.kind === 'sum' ? total === sum : r.kind === 'bound' ? covers : total <= sum && covers;
    if (!holds) throw new DisclosureInputError(`${r.kind} relation of ${r.total} does not hold for the data`);
  }
}

/** Cells whose count is 1 or 2. */
export function primarySuppression(values: ReadonlyMap<CellKey, number>): Set<CellKey> {
  const out = new Set<CellKey>();
  for (const [key, value] of values) {
    if (value >= DISCLOSURE_RULES.primaryMin && value <= DISCLOSURE_RULES.primaryMax) out.add(key);
  }
  return out;
}

/** Linear constraints over the withheld cells (published cells substituted by their values). */
interface LinearConstraint {
  readonly terms: ReadonlyMap<CellKey, number>;
  readonly op: 'equal' | 'min';
  readonly rhs: number;
}

function addTerm(terms: Map<CellKey, number>, key: CellKey, coefficient: number): void {
  terms.set(key, (terms.get(key) ?? 0) + coefficient);
}

/** Builds Σ coef·cell (op) 0 with published cells moved to the right-hand side; null when nothing is withheld. */
function constraintOf(
  problem: DisclosureProblem,
  withheld: ReadonlySet<CellKey>,
  signed: readonly (readonly [CellKey, number])[],
  op: 'equal' | 'min',
): LinearConstraint | null {
  const terms = new Map<CellKey, number>();
  let rhs = 0;
  for (const [key, coefficient] of signed) {
    if (withheld.has(key)) addTerm(terms, key, coefficient);
    else rhs -= coefficient * (problem.values.get(key) ?? 0);
  }
  for (const [key, c] of terms) if (c === 0) terms.delete(key);
  return terms.size === 0 ? null : { terms, op, rhs };
}

function linearConstraints(problem: DisclosureProblem, withheld: ReadonlySet<CellKey>): LinearConstraint[] {
  const out: LinearConstraint[] = [];
  const push = (c: LinearConstraint | null): void => {
    if (c) out.push(c);
  };
  for (const r of problem.relations) {
    const parts = r.parts.map((p) => [p, -1] as const);
    if (r.kind === 'sum') push(constraintOf(problem, withheld, [[r.total, 1], ...parts], 'equal'));
    else {
      if (r.kind === 'distinct') {
        push(constraintOf(problem, withheld, [[r.total, -1], ...r.parts.map((p) => [p, 1] as const)], 'min'));
      }
      for (const p of r.parts)
        push(
          constraintOf(
            problem,
            withheld,
            [
              [r.total, 1],
              [p, -1],
            ],
            'min',
          ),
        );
    }
  }
  return out;
}

/** Groups withheld cells that share a constraint (each group is solved on its own). */
function components(cells: ReadonlySet<CellKey>, constraints: readonly LinearConstraint[]): CellKey[][] {
  const parent = new Map<CellKey, CellKey>([...cells].map((c) => [c, c]));
  const find = (c: CellKey): CellKey => {
    let root = c;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(c, root);
    return root;
  };
  for (const { terms } of constraints) {
    const [first, ...rest] = [...terms.keys()];
    for (const other of rest) parent.set(find(other), find(first!));
  }
  const groups = new Map<CellKey, CellKey[]>();
  for (const c of cells) {
    const root = find(c);
    const group = groups.get(root);
    if (group) group.push(c);
    else groups.set(root, [c]);
  }
  return [...groups.values()];
}

const OBJECTIVE = '__objective';

function bound(
  cell: CellKey,
  group: readonly CellKey[],
  constraints: readonly LinearConstraint[],
  opType: 'min' | 'max',
): number {
  const model: Model = { optimize: OBJECTIVE, opType, constraints: {}, variables: {}, ints: {} };
  for (const key of group) {
    model.variables[key] = key === cell ? { [OBJECTIVE]: 1 } : {};
    model.ints![key] = 1;
  }
  constraints.forEach((c, i) => {
    const name = `c${i}`;
    model.constraints[name] = c.op === 'equal' ? { equal: c.rhs } : { min: c.rhs };
    for (const [key, coefficient] of c.terms) model.variables[key]![name] = coefficient;
  });
  const solution = solver.Solve(model) as { feasible: boolean; bounded?: boolean; result: number };
  if (!solution.feasible) throw new DisclosureInputError('the published figures admit no solution');
  if (solution.bounded === false) return opType === 'max' ? Infinity : 0;
  return Math.round(solution.result);
}

/** The feasible range of every withheld cell, given every figure outside `withheld` as published. */
export function feasibleRanges(
  problem: DisclosureProblem,
  withheld: ReadonlySet<CellKey>,
): Map<CellKey, FeasibleRange> {
  const constraints = linearConstraints(problem, withheld);
  const out = new Map<CellKey, FeasibleRange>();
  for (const group of components(withheld, constraints)) {
    const members = new Set(group);
    const own = constraints.filter((c) => [...c.terms.keys()].some((k) => members.has(k)));
    for (const cell of group) {
      out.set(cell, { min: bound(cell, group, own, 'min'), max: bound(cell, group, own, 'max') });
    }
  }
  return out;
}

/** Withheld cells whose feasible range holds fewer integers than the rules require (empty: the release is safe). */
export function auditDisclosure(problem: DisclosureProblem, withheld: ReadonlySet<CellKey>): Exposure[] {
  const exposures: Exposure[] = [];
  for (const [cell, range] of feasibleRanges(problem, withheld)) {
    if (range.max - range.min + 1 < DISCLOSURE_RULES.minRangeIntegers) exposures.push({ cell, ...range });
  }
  return exposures.sort((a, b) => a.cell.localeCompare(b.cell));
}

/**
 * Published cells that share a relation with `cell` — or, when every such cell is withheld already, with the nearest
 * withheld cells reachable through relations: the candidates for withholding to protect it.
 */
function neighbours(problem: DisclosureProblem, cell: CellKey, withheld: ReadonlySet<CellKey>): CellKey[] {
  const seen = new Set<CellKey>([cell]);
  let frontier = [cell];
  while (frontier.length > 0) {
    const out = new Set<CellKey>();
    const next: CellKey[] = [];
    for (const r of problem.relations) {
      const members = [r.total, ...r.parts];
      if (!members.some((m) => frontier.includes(m))) continue;
      for (const m of members) {
        if (!withheld.has(m)) out.add(m);
        else if (!seen.has(m)) {
          seen.add(m);
          next.push(m);
        }
      }
    }
    if (out.size > 0) return [...out];
    frontier = next;
  }
  return [];
}

/**
 * Primary then secondary suppression. Each round audits the release and, for each exposed cell (unless a cell
 * picked this round already neighbours it), withholds the published neighbour that costs least: a cell that is no
 * relation's total, holding a count above 0 (a 0 widens no range), the smallest such, ties by key — so the result
 * is deterministic. Rounds repeat until the audit is clean; every round withholds at least one more cell, so it ends.
 */
export function protect(problem: DisclosureProblem): Protection {
  validateProblem(problem);
  const primary = primarySuppression(problem.values);
  const withheld = new Set(primary);
  const totals = new Set(problem.relations.map((r) => r.total));
  const rank = (k: CellKey): [number, number, number] => {
    const value = problem.values.get(k) ?? 0;
    return [totals.has(k) ? 1 : 0, value === 0 ? 1 : 0, value];
  };
  for (;;) {
    const exposures = auditDisclosure(problem, withheld);
    if (exposures.length === 0) break;
    // One more cell per exposed cell per round (cells of one relation are exposed together: one pick may serve all).
    const picked = new Set<CellKey>();
    for (const exposed of exposures) {
      const candidates = neighbours(problem, exposed.cell, withheld);
      if (candidates.length === 0) throw new DisclosureInputError(`cell ${exposed.cell} cannot be protected`);
      if (candidates.some((c) => picked.has(c))) continue;
      candidates.sort((a, b) => {
        const [ra, rb] = [rank(a), rank(b)];
        return ra[0] - rb[0] || ra[1] - rb[1] || ra[2] - rb[2] || a.localeCompare(b);
      });
      picked.add(candidates[0]!);
    }
    for (const c of picked) withheld.add(c);
  }
  return { withheld, primary, secondary: new Set([...withheld].filter((k) => !primary.has(k))) };
}
