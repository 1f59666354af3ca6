/**
 * Importing a register spreadsheet (issue 19): rows of specialists (employment columns) and/or trainings. All or
 * nothing per file: every row is checked first and any error rejects the whole file with a per-row report (row,
 * column, message); otherwise one transaction writes it. Idempotent: a known personal code at the same organisation
 * from the same day adds no employment, the same certificate of the same person adds no training.
 */
import { isValidIsoDate } from '../../domain/calendar.js';
import { validatePersonalCode } from '../../domain/personal-code.js';
import {
  closeForNewEmployment,
  POSITION_KINDS,
  validateTraining,
  type PositionKind,
  type TrainingKind,
} from '../../domain/specialists/index.js';
import {
  Specialist,
  SpecialistEmployment,
  SpecialistOrganisation,
  SpecialistTraining,
  type ISpecialist,
  type ISpecialistEmployment,
  type ISpecialistTraining,
} from '../../infra/db/entities/index.js';
import { newId } from '../../infra/ids.js';
import { DomainError } from '../errors.js';
import type { SpecialistDeps } from './commands.js';
import {
  IMPORT_COLUMNS,
  readSheet,
  UnreadableSheetError,
  type ImportField,
  type SheetRow,
} from './import-sheet.js';
import { factsOf } from './records.js';
import { auditSpecialist, keepsOrganisation, type SpecialistActor } from './scope.js';

export interface RowError {
  row: number;
  column: string;
  message: string;
}

export interface ImportResult {
  rows: number;
  specialistsCreated: number;
  employmentsAdded: number;
  trainingsAdded: number;
  unchanged: number;
}

const TRAINING_KIND_WORDS: Record<string, TrainingKind> = {
  initial: 'initial',
  sākotnējā: 'initial',
  refresher: 'refresher',
  atkārtotā: 'refresher',
};

interface CheckedRow {
  row: number;
  personalCode: string;
  employment?: {
    firstName: string;
    lastName: string;
    organisationId: string;
    position: string;
    positionKind: PositionKind;
    employedFrom: string;
  };
  training?: {
    kind: TrainingKind;
    completedOn: string;
    hours: number;
    programme: string;
    provider: string;
    certificateNo: string;
  };
}

const EMPLOYMENT_FIELDS: ImportField[] = [
  'firstName',
  'lastName',
  'organisationRegistrationNo',
  'position',
  'positionKind',
  'employedFrom',
];
const TRAINING_FIELDS: ImportField[] = [
  'trainingKind',
  'completedOn',
  'hours',
  'programme',
  'provider',
  'certificateNo',
];

async function* chunks<T>(items: T[], size: number): AsyncGenerator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

export async function importSpreadsheet(
  deps: SpecialistDeps,
  actor: SpecialistActor,
  file: { bytes: Uint8Array; name: string },
): Promise<ImportResult> {
  let rows: SheetRow[];
  try {
    rows = await readSheet(file.bytes, file.name);
  } catch (err) {
    if (err instanceof UnreadableSheetError) {
      throw new DomainError('validation', err.message, [{ path: 'file', message: err.message }]);
    }
    throw err;
  }
  const em = deps.em.fork();
  const organisations = new Map(
    (await em.find(SpecialistOrganisation, {})).map((o) => [o.registrationNo, o]),
  );
  const errors: RowError[] = [];
  const checked: CheckedRow[] = [];
  for (const r of rows) {
    const fail = (field: ImportField, message: string) =>
      errors.push({ row: r.row, column: IMPORT_COLUMNS[field], message });
    const v = r.values;
    const code = validatePersonalCode(v.personalCode ?? '', { asOf: deps.today });
    if (!code.ok) fail('personalCode', code.message);
    const out: CheckedRow = { row: r.row, personalCode: code.ok ? code.normalized : '' };
    if (EMPLOYMENT_FIELDS.some((f) => v[f])) {
      for (const f of EMPLOYMENT_FIELDS) if (!v[f]) fail(f, 'required for a specialist row');
      const org = organisations.get(v.organisationRegistrationNo ?? '');
      if (v.organisationRegistrationNo && !org)
        fail('organisationRegistrationNo', 'no organisation with this registration number');
      else if (org && !keepsOrganisation(actor, org.id))
        fail('organisationRegistrationNo', 'you keep the register of your organisation only');
      if (v.positionKind && !(POSITION_KINDS as readonly string[]).includes(v.positionKind)) {
        fail('positionKind', `one of ${POSITION_KINDS.join(', ')}`);
      }
      if (v.employedFrom && !isValidIsoDate(v.employedFrom))
        fail('employedFrom', 'must be a calendar date YYYY-MM-DD');
      if ((v.firstName?.length ?? 0) > 100) fail('firstName', 'at most 100 characters');
      if ((v.lastName?.length ?? 0) > 100) fail('lastName', 'at most 100 characters');
      if ((v.position?.length ?? 0) > 200) fail('position', 'at most 200 characters');
      if (org && v.firstName && v.lastName && v.position && v.positionKind && v.employedFrom) {
        out.employment = {
          firstName: v.firstName,
          lastName: v.lastName,
          organisationId: org.id,
          position: v.position,
          positionKind: v.positionKind as PositionKind,
          employedFrom: v.employedFrom,
        };
      }
    }
    if (TRAINING_FIELDS.some((f) => v[f])) {
      for (const f of TRAINING_FIELDS) if (!v[f]) fail(f, 'required for a training row');
      const kind = TRAINING_KIND_WORDS[(v.trainingKind ?? '').toLocaleLowerCase('lv')];
      if (v.trainingKind && !kind) fail('trainingKind', 'initial (sākotnējā) or refresher (atkārtotā)');
      const hours = Number(v.hours);
      if (v.hours && !Number.isInteger(hours)) fail('hours', 'a whole number of academic hours');
      for (const f of ['programme', 'provider', 'certificateNo'] as const) {
        const max = f === 'programme' ? 300 : f === 'provider' ? 200 : 50;
        if ((v[f]?.length ?? 0) > max) fail(f, `at most ${max} characters`);
      }
      if (kind && v.completedOn && Number.isInteger(hours)) {
        const issues = validateTraining({ kind, completedOn: v.completedOn, hours }, deps.today);
        for (const i of issues) fail(i.path === 'hours' ? 'hours' : 'completedOn', i.message);
        if (issues.length === 0 && v.programme && v.provider && v.certificateNo) {
          out.training = {
            kind,
            completedOn: v.completedOn,
            hours,
            programme: v.programme,
            provider: v.provider,
            certificateNo: v.certificateNo,
          };
        }
      }
    }
    if (!out.employment && !out.training && !errors.some((e) => e.row === r.row)) {
      fail('personalCode', 'the row has neither specialist nor training columns filled in');
    }
    checked.push(out);
  }

  // Existing people (once per personal code) with their history.
  const codes = [...new Set(checked.map((c) => c.personalCode).filter(Boolean))];
  const people = new Map<string, ISpecialist>();
  for await (const part of chunks(codes, 500)) {
    for (const s of await em.find(Specialist, { personalCode: { $in: part } })) people.set(s.personalCode, s);
  }
  const ids = [...people.values()].map((s) => s.id);
  const employments = new Map<string, ISpecialistEmployment[]>();
  const trainings = new Map<string, ISpecialistTraining[]>();
  for await (const part of chunks(ids, 500)) {
    for (const e of await em.find(SpecialistEmployment, { specialistId: { $in: part } })) {
      employments.set(e.specialistId, [...(employments.get(e.specialistId) ?? []), e]);
    }
    for (const t of await em.find(SpecialistTraining, { specialistId: { $in: part } })) {
      trainings.set(t.specialistId, [...(trainings.get(t.specialistId) ?? []), t]);
    }
  }
  const employedInFile = new Set(checked.filter((c) => c.employment).map((c) => c.personalCode));
  for (const c of checked) {
    if (!c.training || c.employment) continue;
    const s = people.get(c.personalCode);
    // Someone another organisation keeps is "not in the register" for this user, exactly like an unknown code.
    if (!employedInFile.has(c.personalCode) && (!s || !keepsOrganisation(actor, s.organisationId))) {
      errors.push({
        row: c.row,
        column: IMPORT_COLUMNS.personalCode,
        message: 'not in your register: add the specialist columns',
      });
    }
  }
  for (const c of checked) {
    if (!c.training) continue;
    const s = people.get(c.personalCode);
    const same = s && (trainings.get(s.id) ?? []).find((t) => t.certificateNo === c.training?.certificateNo);
    if (
      same &&
      (same.kind !== c.training.kind ||
        same.completedOn !== c.training.completedOn ||
        same.hours !== c.training.hours)
    ) {
      errors.push({
        row: c.row,
        column: IMPORT_COLUMNS.certificateNo,
        message: 'this certificate is recorded with other details',
      });
    }
  }
  if (errors.length > 0) {
    throw new DomainError(
      'validation',
      `the file was not imported: ${errors.length} error(s)`,
      errors.slice(0, 50).map((e) => ({ path: `rows[${e.row}].${e.column}`, message: e.message })),
      { rowErrors: errors },
    );
  }

  const result: ImportResult = {
    rows: rows.length,
    specialistsCreated: 0,
    employmentsAdded: 0,
    trainingsAdded: 0,
    unchanged: 0,
  };
  const changed = new Set<string>();
  const now = new Date();
  await em.transactional(async (tx) => {
    for (const c of checked) {
      let s = people.get(c.personalCode);
      let rowChanged = false;
      if (c.employment) {
        const e = c.employment;
        if (!s) {
          s = tx.create(Specialist, {
            id: newId(),
            personalCode: c.personalCode,
            ...pick(e),
            organisationId: e.organisationId,
            createdAt: now,
            updatedAt: now,
          });
          people.set(c.personalCode, s);
          result.specialistsCreated++;
        }
        const list = employments.get(s.id) ?? [];
        if (!list.some((x) => x.organisationId === e.organisationId && x.employedFrom === e.employedFrom)) {
          const periods = list.map((x) => ({
            organisationId: x.organisationId,
            from: x.employedFrom,
            to: x.employedTo ?? null,
          }));
          for (const { index, to } of closeForNewEmployment(periods, e.employedFrom)) {
            const prev = list[index];
            if (prev) prev.employedTo = to;
          }
          const row = tx.create(SpecialistEmployment, {
            id: newId(),
            specialistId: s.id,
            organisationId: e.organisationId,
            position: e.position,
            positionKind: e.positionKind,
            employedFrom: e.employedFrom,
            employedTo: null,
            createdAt: now,
          });
          employments.set(s.id, [...list, row]);
          Object.assign(s, pick(e), { organisationId: e.organisationId, updatedAt: now });
          result.employmentsAdded++;
          rowChanged = true;
        }
      }
      if (c.training && s) {
        const list = trainings.get(s.id) ?? [];
        if (!list.some((t) => t.certificateNo === c.training?.certificateNo)) {
          const t = tx.create(SpecialistTraining, {
            id: newId(),
            specialistId: s.id,
            ...c.training,
            source: 'import',
            recordedBy: actor.username,
            createdAt: now,
          });
          trainings.set(s.id, [...list, t]);
          result.trainingsAdded++;
          rowChanged = true;
        }
      }
      if (rowChanged && s) changed.add(s.id);
      else result.unchanged++;
    }
    await tx.flush();
    await auditSpecialist(tx, actor, 'specialist.import', null, {
      file: file.name.slice(0, 100),
      rows: rows.length,
      specialistIds: [...changed],
    });
  });
  if (deps.process) {
    const byId = new Map([...people.values()].map((s) => [s.id, s]));
    const list = [...changed];
    for await (const part of chunks(list, 20)) {
      await Promise.all(
        part.map((id) => {
          const s = byId.get(id) as ISpecialist;
          const facts = factsOf({
            employments: employments.get(id) ?? [],
            trainings: trainings.get(id) ?? [],
          });
          return deps.process?.factsChanged(id, s.organisationId, facts);
        }),
      );
    }
  }
  return result;
}

function pick(e: NonNullable<CheckedRow['employment']>) {
  return { firstName: e.firstName, lastName: e.lastName, position: e.position, positionKind: e.positionKind };
}

export { templateWorkbook } from './import-sheet.js';
