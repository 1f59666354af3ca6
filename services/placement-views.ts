/**
 * How placements are shown (issue 7; issue 14: another municipality's case id is never shown): status on a date, the
 * summary and the detail with reports and alerts, each as a given viewer may see it.
 */
import { canAccessMunicipality } from '../domain/access/roles.js';
import { deadlineAlertSettingsOn, placementStatus } from '../domain/placement/alert-schedule.js';
import type { IsoDate } from '../domain/calendar.js';
import { rigaToday } from '../infra/clock.js';
import { Alert, PlacementReport, type IPlacement } from '../infra/db/entities/index.js';
import type { Em } from '../infra/db/orm.js';
import { alertView, type AlertView } from './alerts.js';
import type { Actor } from './case-file.js';

export type PlacementStatusView = 'active' | 'due-soon' | 'overdue' | 'ended';

export function placementStatusOn(p: IPlacement, today: IsoDate = rigaToday()): PlacementStatusView {
  if (p.status === 'ended') return 'ended';
  return placementStatus(today, p.nextReportDue, deadlineAlertSettingsOn(p.nextReportDue));
}

export interface PlacementSummaryView {
  id: string;
  status: PlacementStatusView;
  childPersonId: string;
  institution: { code: string; name: string };
  orphanCourtAtvk: string;
  caseId: string | null;
  startDate: string;
  lastReportDate: string | null;
  nextReportDue: string;
  endDate: string | null;
  source: string;
}

/**
 * The summary as `viewer` may see it: the case id only when the viewer may see that case (an orphan court's
 * municipality sees the placement of a child whose case is elsewhere, not the other municipality's case id).
 */
export function placementSummary(
  p: IPlacement,
  today: IsoDate = rigaToday(),
  viewer?: Actor,
): PlacementSummaryView {
  const caseVisible =
    !viewer || (p.caseMunicipalityCode != null && canAccessMunicipality(viewer, p.caseMunicipalityCode));
  return {
    id: p.id,
    status: placementStatusOn(p, today),
    childPersonId: p.childPersonId,
    institution: { code: p.institutionCode, name: p.institutionName },
    orphanCourtAtvk: p.orphanCourtAtvk,
    caseId: caseVisible ? (p.caseId ?? null) : null,
    startDate: p.startDate,
    lastReportDate: p.lastReportDate ?? null,
    nextReportDue: p.nextReportDue,
    endDate: p.endDate ?? null,
    source: p.source,
  };
}

export interface PlacementDetailView extends PlacementSummaryView {
  endReason: string | null;
  reports: {
    id: string;
    reportDate: string;
    contactWithRelatives: string[];
    development: string;
    nextReportDue: string;
    createdAt: string;
    createdBy: string;
  }[];
  alerts: AlertView[];
}

export async function placementDetail(em: Em, p: IPlacement, viewer: Actor): Promise<PlacementDetailView> {
  const reports = await em.find(
    PlacementReport,
    { placementId: p.id },
    { orderBy: { reportDate: 'asc', id: 'asc' } },
  );
  const alerts = await em.find(
    Alert,
    { subjectType: 'placement', subjectId: p.id },
    { orderBy: { createdAt: 'asc', id: 'asc' } },
  );
  return {
    ...placementSummary(p, rigaToday(), viewer),
    endReason: p.endReason ?? null,
    reports: reports.map((r) => ({
      id: r.id,
      reportDate: r.reportDate,
      contactWithRelatives: r.contactWithRelatives,
      development: r.development,
      nextReportDue: r.nextReportDue,
      createdAt: r.createdAt.toISOString(),
      createdBy: r.createdBy,
    })),
    alerts: alerts.map(alertView),
  };
}
