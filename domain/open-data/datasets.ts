/**
 * The open datasets (issue 23, BRIEF §4.14): each is a set of tables by ATVK and period, built from facts about
 * persons (identified only by an opaque reference here), protected together as one release and written as rows.
 * A cell's key is derived from what its published row says (dataset family, period, ATVK, category), so the same
 * relations can be rebuilt from the published CSVs alone (`publishedProblem`) and audited.
 */
import type { CellKey, DisclosureProblem, Relation } from './disclosure.js';
import { protect } from './disclosure.js';
import {
  DATASETS,
  TOTAL_CATEGORY,
  WITHHELD_FLAG,
  type DatasetDefinition,
  type OpenDataFacts,
} from './definitions.js';

export * from './definitions.js';

/** One published row: column name → text. */
export type Row = Record<string, string>;

export interface BuiltDataset {
  readonly definition: DatasetDefinition;
  readonly rows: Row[];
  readonly withheld: number;
  readonly periodFrom: string;
  readonly periodTo: string;
}

function keyOf(d: DatasetDefinition, period: string, atvk: string, category: string): CellKey {
  // Category totals are each dataset's own figure; other cells are shared within the family.
  const owner = category === TOTAL_CATEGORY ? d.code : d.family;
  return `${owner}|${period}|${atvk}|${category}`;
}

const inPeriod = (from: string, to: string | null, start: string, end: string): boolean =>
  from <= end && (to === null || to >= start);

function yearBounds(year: string): [string, string] {
  return [`${year}-01-01`, `${year}-12-31`];
}
function monthBounds(month: string): [string, string] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return [`${month}-01`, `${month}-${String(last).padStart(2, '0')}`];
}

/** Distinct references per (period, atvk, category) → count map, with `total` = distinct over categories. */
function tally(
  entries: Iterable<{ period: string; atvk: string; category: string; ref: string }>,
  totals: boolean,
) {
  const sets = new Map<string, Set<string>>();
  const add = (k: string, ref: string): void => {
    let s = sets.get(k);
    if (!s) sets.set(k, (s = new Set()));
    s.add(ref);
  };
  for (const e of entries) {
    add(`${e.period}|${e.atvk}|${e.category}`, e.ref);
    if (totals) add(`${e.period}|${e.atvk}|${TOTAL_CATEGORY}`, e.ref);
  }
  return (period: string, atvk: string, category: string): number =>
    sets.get(`${period}|${atvk}|${category}`)?.size ?? 0;
}

interface Grid {
  readonly definition: DatasetDefinition;
  readonly periods: readonly string[];
  readonly categories: readonly string[];
  readonly count: (period: string, atvk: string, category: string) => number;
}

export interface ReleasePeriods {
  readonly years: readonly string[];
  readonly months: readonly string[];
}

function grids(facts: OpenDataFacts, periods: ReleasePeriods): Grid[] {
  const def = (code: string): DatasetDefinition => DATASETS.find((d) => d.code === code)!;
  const allTypes = facts.serviceTypes.map((t) => t.code);
  const stateTypes = facts.serviceTypes.filter((t) => t.funding === 'state').map((t) => t.code);
  const serviceEntries = function* (types: readonly string[]) {
    for (const year of periods.years) {
      const [start, end] = yearBounds(year);
      for (const s of facts.services) {
        if (types.includes(s.serviceType) && inPeriod(s.from, s.to, start, end)) {
          yield { period: year, atvk: s.atvk, category: s.serviceType, ref: s.personRef };
        }
      }
    }
  };
  const statusEntries = function* () {
    for (const month of periods.months) {
      const [start, end] = monthBounds(month);
      for (const s of facts.statuses) {
        if (inPeriod(s.validFrom, s.validTo, start, end)) {
          yield { period: month, atvk: s.atvk, category: s.status, ref: s.personRef };
        }
      }
    }
  };
  const gmiEntries = function* () {
    for (const g of facts.gmi) {
      if (periods.months.includes(g.month))
        yield { period: g.month, atvk: g.atvk, category: '', ref: g.householdRef };
    }
  };
  const specialistEntries = function* () {
    for (const year of periods.years) {
      const [start, end] = yearBounds(year);
      for (const s of facts.specialists) {
        if (
          s.trainedOn !== null &&
          s.trainedOn <= end &&
          inPeriod(s.employedFrom, s.employedTo, start, end)
        ) {
          yield { period: year, atvk: s.atvk, category: s.organisationKind, ref: s.personRef };
        }
      }
    }
  };
  return [
    {
      definition: def('social-service-recipients'),
      periods: periods.years,
      categories: allTypes,
      count: tally(serviceEntries(allTypes), true),
    },
    {
      definition: def('state-funded-service-recipients'),
      periods: periods.years,
      categories: stateTypes,
      count: tally(serviceEntries(stateTypes), true),
    },
    {
      definition: def('needy-low-income-persons'),
      periods: periods.months,
      categories: ['needy', 'low-income'],
      count: tally(statusEntries(), true),
    },
    {
      definition: def('gmi-recipients'),
      periods: periods.months,
      categories: [''],
      count: tally(gmiEntries(), false),
    },
    {
      definition: def('children-rights-trained-specialists'),
      periods: periods.years,
      categories: facts.organisationKinds,
      count: tally(specialistEntries(), true),
    },
  ];
}

/** The relations an attacker knows between the cells of one dataset's rows and across datasets. */
function relationsOf(
  d: DatasetDefinition,
  period: string,
  atvk: string,
  categories: readonly string[],
): Relation[] {
  const out: Relation[] = [];
  if (d.totals && categories.length > 0) {
    out.push({
      kind: 'distinct',
      total: keyOf(d, period, atvk, TOTAL_CATEGORY),
      parts: categories.map((c) => keyOf(d, period, atvk, c)),
    });
  }
  if (d.code === 'state-funded-service-recipients' && d.totals) {
    // The state-funded services' recipients are among all services' recipients.
    out.push({
      kind: 'bound',
      total: `social-service-recipients|${period}|${atvk}|${TOTAL_CATEGORY}`,
      parts: [keyOf(d, period, atvk, TOTAL_CATEGORY)],
    });
  }
  if (d.family === 'gmi') {
    // Every GMI household has at least one needy member.
    out.push({ kind: 'bound', total: `status|${period}|${atvk}|needy`, parts: [keyOf(d, period, atvk, '')] });
  }
  return out;
}

/** Builds every dataset of a release and protects them together (primary and secondary suppression). */
export function buildRelease(facts: OpenDataFacts, periods: ReleasePeriods): BuiltDataset[] {
  const values = new Map<CellKey, number>();
  const relations: Relation[] = [];
  const all = grids(facts, periods);
  for (const g of all) {
    for (const period of g.periods) {
      for (const atvk of facts.municipalities) {
        const cats = g.definition.totals ? [...g.categories, TOTAL_CATEGORY] : g.categories;
        for (const c of cats) values.set(keyOf(g.definition, period, atvk, c), g.count(period, atvk, c));
        relations.push(...relationsOf(g.definition, period, atvk, g.categories));
      }
    }
  }
  const { withheld } = protect({ values, relations });
  return all.map((g) => {
    const d = g.definition;
    const rows: Row[] = [];
    let hidden = 0;
    for (const period of g.periods) {
      for (const atvk of facts.municipalities) {
        const cats = d.totals ? [...g.categories, TOTAL_CATEGORY] : g.categories;
        for (const c of cats) {
          const key = keyOf(d, period, atvk, c);
          const isWithheld = withheld.has(key);
          if (isWithheld) hidden += 1;
          rows.push({
            atvk,
            [d.period]: period,
            ...(d.category ? { [d.category]: c } : {}),
            [d.count]: isWithheld ? '' : String(values.get(key)),
            flag: isWithheld ? WITHHELD_FLAG : '',
          });
        }
      }
    }
    const sorted = [...g.periods].sort();
    const toMonth = (p: string, end: boolean): string => (p.length === 4 ? `${p}-${end ? '12' : '01'}` : p);
    return {
      definition: d,
      rows,
      withheld: hidden,
      periodFrom: sorted.length ? toMonth(sorted[0]!, false) : '',
      periodTo: sorted.length ? toMonth(sorted[sorted.length - 1]!, true) : '',
    };
  });
}

/**
 * The disclosure problem an outsider can build from the published rows alone: published counts as values,
 * withheld cells as unknowns (value 0 here; the audit never reads a withheld cell's value), and the same relations.
 */
export function publishedProblem(published: readonly { code: string; rows: readonly Row[] }[]): {
  problem: DisclosureProblem;
  withheld: Set<CellKey>;
} {
  const values = new Map<CellKey, number>();
  const withheld = new Set<CellKey>();
  const relations: Relation[] = [];
  for (const { code, rows } of published) {
    const d = DATASETS.find((x) => x.code === code);
    if (!d) throw new Error(`unknown dataset ${code}`);
    const groups = new Map<string, string[]>();
    for (const r of rows) {
      const period = r[d.period]!;
      const category = d.category ? r[d.category]! : '';
      const key = keyOf(d, period, r.atvk!, category);
      if (r.flag === WITHHELD_FLAG) withheld.add(key);
      values.set(key, r.flag === WITHHELD_FLAG ? 0 : Number(r[d.count]));
      const g = `${period}|${r.atvk}`;
      if (category !== TOTAL_CATEGORY) groups.set(g, [...(groups.get(g) ?? []), category]);
    }
    for (const [g, categories] of groups) {
      const [period, atvk] = g.split('|') as [string, string];
      relations.push(...relationsOf(d, period, atvk, categories));
    }
  }
  // Relations naming a dataset not in this set (the GMI bound without the status dataset) are dropped.
  return { problem: { values, relations: relations.filter((r) => values.has(r.total)) }, withheld };
}
