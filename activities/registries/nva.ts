/** NVA (BURVIS): unemployment registration. */
import { callDagr, type DagrAnswer, type DagrClientOptions } from './http.js';
import { nvaStatusSchema, type NvaStatus } from './schemas.js';

export function queryUnemploymentStatus(
  client: DagrClientOptions,
  personalCode: string,
  requestId: string,
): Promise<DagrAnswer<NvaStatus>> {
  return callDagr(client, {
    registry: 'nva',
    label: 'NVA',
    path: '/nva/v1/status',
    body: { personalCode },
    schema: nvaStatusSchema,
    requestId,
    notFoundIsResult: true,
  });
}
