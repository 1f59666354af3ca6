/** VDEĀVK: disability group, validity and opinions (assistant, special care). */
import { callDagr, type DagrAnswer, type DagrClientOptions } from './http.js';
import { vdeavkDisabilitySchema, type VdeavkDisability } from './schemas.js';

export function queryDisability(
  client: DagrClientOptions,
  personalCode: string,
  requestId: string,
): Promise<DagrAnswer<VdeavkDisability>> {
  return callDagr(client, {
    registry: 'vdeavk',
    label: 'VDEĀVK',
    path: '/vdeavk/v1/disability',
    body: { personalCode },
    schema: vdeavkDisabilitySchema,
    requestId,
    notFoundIsResult: true,
  });
}
