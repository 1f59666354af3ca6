/** VID: employment income per month and employer. */
import { callDagr, type DagrAnswer, type DagrClientOptions } from './http.js';
import { vidIncomeSchema, type VidIncome } from './schemas.js';
import type { MonthPeriod } from './types.js';

export function queryEmploymentIncome(
  client: DagrClientOptions,
  personalCode: string,
  period: MonthPeriod,
  requestId: string,
): Promise<DagrAnswer<VidIncome>> {
  return callDagr(client, {
    registry: 'vid',
    label: 'VID',
    path: '/vid/v1/income',
    body: { personalCode, fromMonth: period.fromMonth, toMonth: period.toMonth },
    schema: vidIncomeSchema,
    requestId,
    notFoundIsResult: true,
  });
}
