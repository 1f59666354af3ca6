/** VSAA (SAIS): pensions and benefits paid per month. */
import { callDagr, type DagrAnswer, type DagrClientOptions } from './http.js';
import { vsaaPaymentsSchema, type VsaaPayments } from './schemas.js';
import type { MonthPeriod } from './types.js';

export function queryPayments(
  client: DagrClientOptions,
  personalCode: string,
  period: MonthPeriod,
  requestId: string,
): Promise<DagrAnswer<VsaaPayments>> {
  return callDagr(client, {
    registry: 'vsaa',
    label: 'VSAA',
    path: '/vsaa/v1/payments',
    body: { personalCode, fromMonth: period.fromMonth, toMonth: period.toMonth },
    schema: vsaaPaymentsSchema,
    requestId,
    notFoundIsResult: true,
  });
}
