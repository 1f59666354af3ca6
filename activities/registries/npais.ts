/** NPAIS orphan-court decisions about a child (and the sync feed), BARIS orphan-court case summaries. */
import { callDagr, type DagrAnswer, type DagrClientOptions } from './http.js';
import {
  barisCasesSchema,
  npaisDecisionFeedSchema,
  npaisDecisionsSchema,
  type BarisCases,
  type NpaisDecisionFeed,
  type NpaisDecisions,
} from './schemas.js';

export function queryOrphanCourtDecisions(
  client: DagrClientOptions,
  childPersonalCode: string,
  requestId: string,
): Promise<DagrAnswer<NpaisDecisions>> {
  return callDagr(client, {
    registry: 'npais',
    label: 'NPAIS',
    path: '/npais/v1/decisions',
    body: { personalCode: childPersonalCode },
    schema: npaisDecisionsSchema,
    requestId,
    notFoundIsResult: true,
  });
}

/** Sync feed: every decision dated on or after `since` (YYYY-MM-DD). */
export function searchOrphanCourtDecisions(
  client: DagrClientOptions,
  since: string,
  requestId: string,
): Promise<DagrAnswer<NpaisDecisionFeed>> {
  return callDagr(client, {
    registry: 'npais',
    label: 'NPAIS',
    path: '/npais/v1/decisions/search',
    body: { since },
    schema: npaisDecisionFeedSchema,
    requestId,
  });
}

export function queryOrphanCourtCases(
  client: DagrClientOptions,
  by: { orphanCourtAtvk: string } | { personalCode: string },
  requestId: string,
): Promise<DagrAnswer<BarisCases>> {
  return callDagr(client, {
    registry: 'baris',
    label: 'BARIS',
    path: '/baris/v1/cases',
    body: by,
    schema: barisCasesSchema,
    requestId,
    notFoundIsResult: true,
  });
}
