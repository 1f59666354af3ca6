/**
 * The means-test rule set in force on one date (issue 15, "rules pinned at the start"): the thresholds, the period
 * settings and the cycle's timers, each the entry of its effective-dated table in force on that date. A cycle
 * resolves it once per evaluation (in an activity) and keeps it, so a later correction of a table does not change a
 * decision already taken — on replay the cycle reads the recorded rule set, never the tables of the code it runs on.
 */
import type { IsoDate } from '../calendar.js';
import { cycleSettingsOn, MEANS_TEST_CYCLE_SETTINGS, type MeansTestCycleSettings } from './cycle-schedule.js';
import { MEANS_TEST_PERIOD_SETTINGS, periodSettingsOn, type MeansTestPeriodSettings } from './period.js';
import {
  MEANS_TEST_THRESHOLDS,
  thresholdsOn,
  type MeansTestThresholdEntry,
  type MeansTestThresholdTable,
} from './thresholds.js';

export interface MeansTestRuleSet {
  /** The date the rules were resolved for (the evaluation's application date). */
  readonly date: IsoDate;
  readonly thresholds: MeansTestThresholdEntry;
  readonly period: MeansTestPeriodSettings;
  readonly cycle: MeansTestCycleSettings;
}

export interface MeansTestRuleTables {
  readonly thresholds: MeansTestThresholdTable;
  readonly period: readonly MeansTestPeriodSettings[];
  readonly cycle: readonly MeansTestCycleSettings[];
}

export const MEANS_TEST_RULE_TABLES: MeansTestRuleTables = {
  thresholds: MEANS_TEST_THRESHOLDS,
  period: MEANS_TEST_PERIOD_SETTINGS,
  cycle: MEANS_TEST_CYCLE_SETTINGS,
};

/** The entries in force on `date` (a DomainValidationError before a table's first entry). */
export function meansTestRuleSetOn(
  date: IsoDate,
  tables: MeansTestRuleTables = MEANS_TEST_RULE_TABLES,
): MeansTestRuleSet {
  return {
    date,
    thresholds: thresholdsOn(date, tables.thresholds),
    period: periodSettingsOn(date, tables.period),
    cycle: cycleSettingsOn(date, tables.cycle),
  };
}

/** The calculation's context from a pinned rule set: one-entry tables, so nothing else can be looked up. */
export function calculationTablesOf(rules: MeansTestRuleSet): {
  thresholds: MeansTestThresholdTable;
  periodSettings: readonly MeansTestPeriodSettings[];
} {
  return { thresholds: [rules.thresholds], periodSettings: [rules.period] };
}
