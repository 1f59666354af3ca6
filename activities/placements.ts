/** Placement activities: raise a placement's deadline alert from its current row (no personal data in history). */
import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { isAfter, isBefore, type IsoDate } from '../domain/calendar.js';
import { deadlineAlertSettingsOn, type DeadlineAlertSettings } from '../domain/placement/alert-schedule.js';
import { rigaToday } from '../infra/clock.js';
import { Person, Placement } from '../infra/db/entities/index.js';
import type { Orm } from '../infra/db/orm.js';
import type { DeadlineAlertKind } from '../domain/placement/alert-schedule.js';
import { raiseAlert } from '../services/alerts.js';
import { appendAudit } from '../services/audit-log.js';
import { findOrCreatePerson } from '../services/case-file.js';
import { insertPlacement, reviewInput } from '../services/placements.js';
import type { PlacementReviewInput } from '../workflows/placement-review/contract.js';
import { queryPopulationRecord } from './registries/pmlp.js';
import { searchOrphanCourtDecisions } from './registries/npais.js';
import type { RaisedAlert } from './alerts.js';

export interface PlacementAlertInput {
  placementId: string;
  kind: DeadlineAlertKind;
  dueDate: string;
  escalationNo: number;
}

const SUMMARY: Readonly<
  Record<DeadlineAlertKind, (p: { institution: string; due: string; n: number }) => string>
> = {
  'due-soon': (p) => `Iestādes "${p.institution}" ziņojums par bērnu jāiesniedz līdz ${p.due}.`,
  overdue: (p) => `Iestādes "${p.institution}" ziņojums par bērnu nav saņemts; termiņš ${p.due} nokavēts.`,
  escalation: (p) =>
    `Iestādes "${p.institution}" ziņojums par bērnu joprojām nav saņemts (termiņš ${p.due}, atgādinājums Nr. ${p.n}).`,
};

export function createPlacementActivities(deps: { orm: Orm }) {
  return {
    /** The deadline-alert settings in force for a due date (issue 15): the placement review keeps them. */
    async resolveDeadlineAlertSettings(input: { dueDate: IsoDate }): Promise<DeadlineAlertSettings> {
      const { dueSoonDays, escalationEveryDays } = deadlineAlertSettingsOn(input.dueDate);
      return { dueSoonDays, escalationEveryDays };
    },

    async raisePlacementAlert(input: PlacementAlertInput): Promise<RaisedAlert> {
      const em = deps.orm.em.fork();
      const placement = await em.findOneOrFail(Placement, { id: input.placementId });
      const { alert, created } = await raiseAlert(em, {
        kind: input.kind,
        subjectType: 'placement',
        subjectId: placement.id,
        caseId: placement.caseId ?? null,
        municipalityCode: placement.caseMunicipalityCode ?? placement.orphanCourtAtvk,
        orphanCourtAtvk: placement.orphanCourtAtvk,
        dueDate: input.dueDate,
        escalationNo: input.escalationNo,
        summary: SUMMARY[input.kind]({
          institution: placement.institutionName,
          due: input.dueDate,
          n: input.escalationNo,
        }),
      });
      return { alertId: alert.id, created };
    },
  };
}

export type PlacementActivities = ReturnType<typeof createPlacementActivities>;

export interface NpaisSyncInput {
  /** Decisions dated on or after this date (default: the latest synchronised decision's date, else 2003-01-01). */
  since?: string;
}

export interface NpaisSyncResult {
  since: string;
  decisions: number;
  created: number;
  /** Active NPAIS-sourced placements of this feed whose workflow should run (started idempotently). */
  placements: PlacementReviewInput[];
}

/**
 * NPAIS sync: reads the decision feed since the last sync, creates one placement per new out-of-family-care
 * decision into an institution (idempotent by decision id; children resolved through PMLP, codes stay in this
 * activity) and returns the workflows to start. No personal codes in the result.
 */
export function createNpaisSyncActivities(deps: { orm: Orm; registryUrl: string }) {
  return {
    async syncNpaisDecisions(input: NpaisSyncInput): Promise<NpaisSyncResult> {
      const em = deps.orm.em.fork();
      const latest = await em.findOne(
        Placement,
        { npaisDecisionDate: { $ne: null } },
        { orderBy: { npaisDecisionDate: 'desc' } },
      );
      const since = input.since ?? latest?.npaisDecisionDate ?? '2003-01-01';
      const client = { baseUrl: deps.registryUrl, timeoutMs: 10_000 };
      const feed = await searchOrphanCourtDecisions(client, since, randomUUID());
      if (feed.kind !== 'ok') return { since, decisions: 0, created: 0, placements: [] };
      const today = rigaToday();
      const wanted = feed.data.decisions.filter(
        (d) =>
          d.kind === 'out-of-family-care' &&
          d.placementType === 'institution' &&
          d.institution !== null &&
          (d.endDate === null || !isBefore(d.endDate, today)) &&
          !isAfter(d.startDate, today),
      );
      let created = 0;
      const placements: PlacementReviewInput[] = [];
      for (const d of wanted) {
        let placement = await em.findOne(Placement, { npaisDecisionId: d.decisionId });
        if (!placement) {
          let person = await em.findOne(Person, { personalCode: d.childPersonalCode });
          if (!person) {
            const record = await queryPopulationRecord(client, d.childPersonalCode, randomUUID());
            if (record.kind !== 'ok') continue;
            person = (
              await findOrCreatePerson(em, {
                personalCode: d.childPersonalCode,
                firstName: record.data.person.firstName,
                lastName: record.data.person.lastName,
                birthDate: record.data.person.birthDate,
              })
            ).person;
            // A registry request about a person is in their access history (issue 14).
            await appendAudit(em.fork(), {
              actor: 'npais-sync',
              role: 'system',
              municipalityCode: null,
              action: 'registry.request',
              resourceType: 'registry-request',
              resourceId: null,
              caseId: null,
              subjectPersonId: person.id,
              outcome: 'success',
              details: {
                registry: 'pmlp',
                purpose: 'NPAIS placement decision: the child’s population record',
              },
            });
          }
          try {
            placement = await insertPlacement(
              em,
              { username: 'npais-sync', role: 'admin', municipalityCode: null },
              {
                childPersonId: person.id,
                institution: { code: d.institution?.code ?? '', name: d.institution?.name ?? '' },
                orphanCourtAtvk: d.orphanCourtAtvk,
                startDate: d.startDate,
                source: 'npais',
                npaisDecisionId: d.decisionId,
                npaisDecisionDate: d.date,
              },
            );
            created += 1;
          } catch (err) {
            if (!(err instanceof UniqueConstraintViolationException)) throw err;
            placement = await em.fork().findOneOrFail(Placement, { npaisDecisionId: d.decisionId });
          }
        }
        if (placement.status === 'active') placements.push(reviewInput(placement));
      }
      return { since, decisions: feed.data.decisions.length, created, placements };
    },
  };
}

export type NpaisSyncActivities = ReturnType<typeof createNpaisSyncActivities>;
