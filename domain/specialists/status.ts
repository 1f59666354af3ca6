/**
 * The status of a specialist on a date (BRIEF §4.8) and the next deadline the reminders run against. Trainings count
 * whenever they were completed (also before the employment) but only on or after their completion date.
 */
import type { IsoDate } from '../calendar.js';
import { addDays, compareIsoDates, isValidIsoDate } from '../calendar.js';
import type { ValidationIssue } from '../validation.js';
import type { EmploymentPeriod } from './employment.js';
import { latestSpellBy, spellOn } from './employment.js';
import type { SpecialistStatus, TrainingKind } from './kinds.js';
import type { QualificationRules } from './rules.js';
import { initialDueBy, qualificationRulesOn, refresherDueBy, requiredHours } from './rules.js';

export interface CompletedTraining {
  readonly kind: TrainingKind;
  readonly completedOn: IsoDate;
  readonly hours: number;
}

export interface Assessment {
  readonly status: SpecialistStatus;
  /** Due date of the initial training in the current (or last) spell; null once trained or never employed. */
  readonly initialDueBy: IsoDate | null;
  /** Due date of the next refresher; null before any training. */
  readonly refresherDueBy: IsoDate | null;
}

/** Rules to apply: by default each date is judged by the table row in force on it; a workflow passes its snapshot. */
export type RulesFor = (date: IsoDate) => QualificationRules;
const byTable: RulesFor = (date) => qualificationRulesOn(date);

function countedBy(trainings: readonly CompletedTraining[], date: IsoDate): CompletedTraining[] {
  return trainings.filter((t) => compareIsoDates(t.completedOn, date) <= 0);
}

export function latestTraining(
  trainings: readonly CompletedTraining[],
  date: IsoDate,
): CompletedTraining | undefined {
  return countedBy(trainings, date)
    .sort((a, b) => compareIsoDates(a.completedOn, b.completedOn))
    .at(-1);
}

export function hasInitialTraining(trainings: readonly CompletedTraining[], date: IsoDate): boolean {
  return countedBy(trainings, date).some((t) => t.kind === 'initial');
}

export function assess(
  periods: readonly EmploymentPeriod[],
  trainings: readonly CompletedTraining[],
  date: IsoDate,
  rulesFor: RulesFor = byTable,
): Assessment {
  const latest = latestTraining(trainings, date);
  const refresher = latest ? refresherDueBy(latest.completedOn, rulesFor(latest.completedOn)) : null;
  const trained = hasInitialTraining(trainings, date);
  const spell = latestSpellBy(periods, date);
  const initial = !trained && spell ? initialDueBy(spell.from, rulesFor(spell.from)) : null;
  const current = spellOn(periods, date);
  if (!current) return { status: 'inactive', initialDueBy: initial, refresherDueBy: refresher };
  if (!trained) {
    const due = initialDueBy(current.from, rulesFor(current.from));
    const status = compareIsoDates(date, due) <= 0 ? 'initial-due' : 'initial-overdue';
    return { status, initialDueBy: due, refresherDueBy: refresher };
  }
  // Trained: `latest` exists because an initial training counts by `date`.
  const due = refresher as IsoDate;
  const soon = rulesFor(latest?.completedOn ?? date).refresherDueSoonDays;
  let status: SpecialistStatus = 'compliant';
  if (compareIsoDates(date, due) > 0) status = 'refresher-overdue';
  else if (compareIsoDates(date, addDays(due, -soon)) >= 0) status = 'refresher-due';
  return { status, initialDueBy: null, refresherDueBy: due };
}

export interface Deadline {
  readonly kind: TrainingKind;
  readonly dueBy: IsoDate;
}

/** The deadline the obligation runs against on `date`; undefined when the person is not employed then. */
export function currentDeadline(
  periods: readonly EmploymentPeriod[],
  trainings: readonly CompletedTraining[],
  date: IsoDate,
  rulesFor: RulesFor = byTable,
): Deadline | undefined {
  const a = assess(periods, trainings, date, rulesFor);
  if (a.status === 'inactive') return undefined;
  if (a.initialDueBy !== null) return { kind: 'initial', dueBy: a.initialDueBy };
  return a.refresherDueBy === null ? undefined : { kind: 'refresher', dueBy: a.refresherDueBy };
}

/** Reminder dates before a due date (e.g. 90 and 30 days), latest last, and the overdue alert the day after. */
export function reminderPlan(
  dueBy: IsoDate,
  reminderDaysBefore: readonly number[],
): { reminders: { daysBefore: number; on: IsoDate }[]; overdueOn: IsoDate } {
  const reminders = [...new Set(reminderDaysBefore)]
    .filter((d) => Number.isInteger(d) && d > 0)
    .sort((a, b) => b - a)
    .map((daysBefore) => ({ daysBefore, on: addDays(dueBy, -daysBefore) }));
  return { reminders, overdueOn: addDays(dueBy, 1) };
}

export interface TrainingInput {
  readonly kind: TrainingKind;
  readonly completedOn: IsoDate;
  readonly hours: number;
}

/** A training record is valid when it is not in the future and has at least the hours its kind requires. */
export function validateTraining(
  training: TrainingInput,
  today: IsoDate,
  rulesFor: RulesFor = byTable,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!isValidIsoDate(training.completedOn)) {
    issues.push({ path: 'completedOn', message: 'not a valid date (YYYY-MM-DD)' });
  } else if (compareIsoDates(training.completedOn, today) > 0) {
    issues.push({ path: 'completedOn', message: `must not be after today (${today})` });
  }
  if (!Number.isFinite(training.hours) || training.hours <= 0) {
    issues.push({ path: 'hours', message: 'must be a positive number of academic hours' });
  } else if (isValidIsoDate(training.completedOn)) {
    const min = requiredHours(training.kind, rulesFor(training.completedOn));
    if (training.hours < min) {
      issues.push({
        path: 'hours',
        message: `${training.kind === 'initial' ? 'an initial' : 'a refresher'} training needs at least ${min} academic hours`,
      });
    }
  }
  return issues;
}
