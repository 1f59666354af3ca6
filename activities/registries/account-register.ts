/** Account register (Kontu reģistrs): which accounts a person holds in which banks. */
import { callDagr, type DagrAnswer, type DagrClientOptions } from './http.js';
import { accountRegisterSchema, type AccountRegisterAnswer } from './schemas.js';

export function queryAccounts(
  client: DagrClientOptions,
  personalCode: string,
  requestId: string,
): Promise<DagrAnswer<AccountRegisterAnswer>> {
  return callDagr(client, {
    registry: 'account-register',
    label: 'Kontu reģistrs',
    path: '/kontu-registrs/v1/accounts',
    body: { personalCode },
    schema: accountRegisterSchema,
    requestId,
    notFoundIsResult: true,
  });
}
