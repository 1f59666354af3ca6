/** Shared set-up of the statistical-report integration tests (issue 20): users, dates, request helpers. */
import { expect } from '@jest/globals';
import { addIsoMonths, isoMonthOf } from '../../../domain/calendar.js';
import { rigaToday } from '../../../infra/clock.js';
import { Case, Person, User } from '../../../infra/db/entities/index.js';
import { hashPassword } from '../../../infra/db/seed.js';
import { newId } from '../../../infra/ids.js';
import type { TestStack } from '../../helpers/test-stack.js';

export const RIGA = '0001000';
export const CESIS = '0026000';
export const today = rigaToday();
export const thisMonth = isoMonthOf(today);
export const lastMonth = addIsoMonths(thisMonth, -1);
export const twoMonthsAgo = addIsoMonths(thisMonth, -2);
export const lastYear = String(Number(today.slice(0, 4)) - 1);
export const day = (month: string, d: number) => `${month}-${String(d).padStart(2, '0')}`;

export interface FigureRow {
  key: string;
  persons: number;
  households?: number;
  breakdowns?: Record<string, Record<string, number>>;
  sums?: Record<string, number>;
}
export interface ReportBody {
  form: string;
  period: string;
  asOf: string | null;
  tables: { key: string; rows: FigureRow[]; total: FigureRow }[];
  checks: { passed: boolean; failures: unknown[] };
  meta: {
    generatedAt: string;
    periodState: string;
    countedUntil: string;
    asOfExact: boolean;
    submissions: { id: string; version: number; sha256: string }[];
  };
}
export interface ProblemBody {
  errors?: { path: string }[];
}

/** The response's JSON after checking its exact status (the body is shown when the status differs). */
export const body = async <T>(res: Response, status = 200): Promise<T> => {
  const text = await res.text();
  expect({ status: res.status, text: res.status === status ? '' : text }).toEqual({ status, text: '' });
  return JSON.parse(text) as T;
};
export const table = (r: ReportBody, key: string) => r.tables.find((t) => t.key === key)!;

export interface ReportUsers {
  worker: string;
  supervisor: string;
  cesisSupervisor: string;
  analyst: string;
  cesisCaseId: string;
}

/** Signs in the report users; adds a Cēsis supervisor (the seed has none) and finds a Cēsis client's case. */
export async function reportUsers(stack: TestStack): Promise<ReportUsers> {
  const em = stack.orm.em.fork();
  em.create(User, {
    id: newId(),
    username: 'vad.cesis',
    displayName: 'Cēsu vadītāja',
    passwordHash: await hashPassword('demo'),
    externalId: null,
    role: 'supervisor',
    municipalityCode: CESIS,
    active: true,
    createdAt: new Date(),
  });
  await em.flush();
  const person = await em.findOneOrFail(Person, { personalCode: '300675-18179' });
  return {
    worker: await stack.login('soc.riga'),
    supervisor: await stack.login('vad.riga'),
    cesisSupervisor: await stack.login('vad.cesis'),
    analyst: await stack.login('lm.analitikis'),
    cesisCaseId: (await em.findOneOrFail(Case, { personId: person.id, status: 'open' })).id,
  };
}
