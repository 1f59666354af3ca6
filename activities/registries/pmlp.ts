/** PMLP population register: person, declared address, family relations, persons declared at the same address. */
import { callDagr, type DagrAnswer, type DagrClientOptions } from './http.js';
import { pmlpHouseholdSchema, pmlpPersonSchema, type PmlpHousehold, type PmlpPerson } from './schemas.js';

export function queryPopulationRecord(
  client: DagrClientOptions,
  personalCode: string,
  requestId: string,
): Promise<DagrAnswer<PmlpPerson>> {
  return callDagr(client, {
    registry: 'pmlp',
    label: 'PMLP',
    path: '/pmlp/v1/person',
    body: { personalCode },
    schema: pmlpPersonSchema,
    requestId,
    notFoundIsResult: true,
  });
}

export function queryHousehold(
  client: DagrClientOptions,
  personalCode: string,
  requestId: string,
): Promise<DagrAnswer<PmlpHousehold>> {
  return callDagr(client, {
    registry: 'pmlp',
    label: 'PMLP',
    path: '/pmlp/v1/household',
    body: { personalCode },
    schema: pmlpHouseholdSchema,
    requestId,
    notFoundIsResult: true,
  });
}
