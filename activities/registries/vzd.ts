/** VZD real property cadastre: properties owned, shares, whether each is the declared dwelling. */
import { callDagr, type DagrAnswer, type DagrClientOptions } from './http.js';
import { vzdPropertySchema, type VzdProperty } from './schemas.js';

export function queryRealProperty(
  client: DagrClientOptions,
  personalCode: string,
  requestId: string,
): Promise<DagrAnswer<VzdProperty>> {
  return callDagr(client, {
    registry: 'vzd',
    label: 'VZD',
    path: '/vzd/v1/property',
    body: { personalCode },
    schema: vzdPropertySchema,
    requestId,
    notFoundIsResult: true,
  });
}
