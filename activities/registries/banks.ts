/**
 * Banks' asynchronous statement API: a request is accepted (202) and the statement arrives later at the callback
 * URL; its state can also be polled.
 */
import { callDagr, type DagrAnswer, type DagrClientOptions } from './http.js';
import {
  bankAcceptedSchema,
  bankStatementStatusSchema,
  type BankAccepted,
  type BankStatementStatus,
} from './schemas.js';

export interface StatementRequest {
  requestId: string;
  ibans: string[];
  fromDate: string;
  toDate: string;
  callbackUrl: string;
  /** Echoed in the callback: the workflow id to signal. */
  callbackReference: string;
}

const bankPath = (bankCode: string) => `/banks/${encodeURIComponent(bankCode)}/v1/statements`;

export function requestStatement(
  client: DagrClientOptions,
  bankCode: string,
  request: StatementRequest,
): Promise<DagrAnswer<BankAccepted>> {
  return callDagr(client, {
    registry: 'banks',
    label: `bank ${bankCode}`,
    path: bankPath(bankCode),
    body: request,
    schema: bankAcceptedSchema,
    requestId: request.requestId,
    successStatus: 202,
  });
}

export function pollStatement(
  client: DagrClientOptions,
  bankCode: string,
  requestId: string,
): Promise<DagrAnswer<BankStatementStatus>> {
  return callDagr(client, {
    registry: 'banks',
    label: `bank ${bankCode}`,
    method: 'GET',
    path: `${bankPath(bankCode)}/${encodeURIComponent(requestId)}`,
    schema: bankStatementStatusSchema,
    requestId,
    notFoundIsResult: true,
  });
}
