/**
 * The banks' asynchronous statement protocol: a request is accepted at once (202), and after the bank's delay the
 * statement is POSTed to the caller's callbackUrl with the X-Bank-Callback-Secret header. Failed deliveries are
 * retried (1 s, 5 s, 30 s) unless the callback answered a definitive 4xx.
 */
import { SIMULATED_BANKS, type SimulatedBankCode } from './banks-catalogue.js';
import { accountStatement } from './registry-views.js';
import type { BankStatementRequest, SimulatorState } from './state.js';

export const CALLBACK_SECRET_HEADER = 'x-bank-callback-secret';
const RETRY_DELAYS_MS = [1_000, 5_000, 30_000];
const CALLBACK_TIMEOUT_MS = 10_000;

export function newBankRequest(
  state: SimulatorState,
  input: Omit<
    BankStatementRequest,
    | 'acceptedAt'
    | 'expectedBy'
    | 'status'
    | 'deliveryAttempts'
    | 'lastDeliveryError'
    | 'deliveredAt'
    | 'result'
  >,
): BankStatementRequest {
  const behaviour = state.banks.get(input.bankCode);
  const now = state.now();
  const request: BankStatementRequest = {
    ...input,
    acceptedAt: now.toISOString(),
    expectedBy: new Date(now.getTime() + (behaviour?.delayMs ?? 0)).toISOString(),
    status: 'accepted',
    deliveryAttempts: 0,
    lastDeliveryError: null,
    deliveredAt: null,
    result: null,
  };
  state.bankRequests.set(request.requestId, request);
  scheduleDelivery(state, request);
  return request;
}

/** Schedules the callback after the bank's delay, unless the bank is set never to answer. */
export function scheduleDelivery(
  state: SimulatorState,
  request: BankStatementRequest,
  delayMs?: number,
): void {
  const behaviour = state.banks.get(request.bankCode);
  if (!behaviour || behaviour.neverAnswer || request.status !== 'accepted') return;
  state.cancel(state.bankTimers.get(request.requestId));
  const timer = state.schedule(delayMs ?? behaviour.delayMs, () => {
    state.bankTimers.delete(request.requestId);
    void deliver(state, request);
  });
  state.bankTimers.set(request.requestId, timer);
}

/** The callback body: the statement of every requested account, or a rejection when an account is gone. */
export function statementPayload(state: SimulatorState, request: BankStatementRequest) {
  const today = state.now().toISOString().slice(0, 10);
  const base = {
    requestId: request.requestId,
    bankCode: request.bankCode,
    callbackReference: request.callbackReference,
    completedAt: state.now().toISOString(),
  };
  const accounts = [];
  for (const iban of request.ibans) {
    const account = state
      .allDossiers()
      .flatMap((d) => d.accounts)
      .find((a) => a.iban === iban && a.bankCode === request.bankCode);
    if (!account) {
      return {
        ...base,
        status: 'rejected' as const,
        error: {
          code: 'ACCOUNT_CLOSED',
          message: 'an account of the request is no longer held at this bank',
        },
      };
    }
    accounts.push(accountStatement(account, request.fromDate, request.toDate, today));
  }
  return {
    ...base,
    status: 'completed' as const,
    period: { fromDate: request.fromDate, toDate: request.toDate },
    accounts,
  };
}

/** POSTs the statement to the callback URL once; reschedules on a retryable failure. */
export async function deliver(state: SimulatorState, request: BankStatementRequest): Promise<boolean> {
  if (request.status !== 'accepted') return request.status === 'completed';
  const payload = statementPayload(state, request);
  request.deliveryAttempts += 1;
  let retryable = true;
  try {
    const response = await state.fetch(request.callbackUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [CALLBACK_SECRET_HEADER]: state.callbackSecret,
        'x-bank-code': request.bankCode,
        'x-request-id': request.requestId,
      },
      body: JSON.stringify(payload),
      signal: AbortSignal.any([AbortSignal.timeout(CALLBACK_TIMEOUT_MS), state.signal]),
    });
    await response.body?.cancel();
    if (response.ok) {
      request.status = 'completed';
      request.deliveredAt = state.now().toISOString();
      request.result = payload;
      request.lastDeliveryError = null;
      state.logger?.info({ bank: request.bankCode, requestId: request.requestId }, 'bank callback delivered');
      return true;
    }
    request.lastDeliveryError = `callback answered HTTP ${response.status}`;
    retryable = response.status >= 500 || response.status === 408 || response.status === 429;
  } catch (err) {
    request.lastDeliveryError = `callback failed: ${err instanceof Error ? err.message : String(err)}`;
  }
  const delay = RETRY_DELAYS_MS[request.deliveryAttempts - 1];
  if (!retryable || delay === undefined || state.signal.aborted) {
    request.status = 'delivery-failed';
    state.logger?.warn(
      { bank: request.bankCode, requestId: request.requestId, error: request.lastDeliveryError },
      'bank callback delivery failed',
    );
  } else {
    scheduleDelivery(state, request, delay);
  }
  return false;
}

/** Delivers every pending callback now (banks set never to answer excepted). */
export async function flushBankCallbacks(
  state: SimulatorState,
): Promise<{ delivered: number; failed: number; skipped: number }> {
  const pending = [...state.bankRequests.values()].filter((r) => r.status === 'accepted');
  let skipped = 0;
  const due: BankStatementRequest[] = [];
  for (const r of pending) {
    if (state.banks.get(r.bankCode)?.neverAnswer) skipped += 1;
    else {
      state.cancel(state.bankTimers.get(r.requestId));
      state.bankTimers.delete(r.requestId);
      due.push(r);
    }
  }
  const results = await Promise.all(due.map((r) => deliver(state, r)));
  const delivered = results.filter(Boolean).length;
  return { delivered, failed: results.length - delivered, skipped };
}

/** After a bank stops "never answering", its pending requests are scheduled with its delay. */
export function resumeBank(state: SimulatorState, bankCode: SimulatedBankCode): void {
  for (const r of state.bankRequests.values()) {
    if (r.bankCode === bankCode && r.status === 'accepted' && !state.bankTimers.has(r.requestId)) {
      scheduleDelivery(state, r);
    }
  }
}

export function bankName(code: SimulatedBankCode): string {
  return SIMULATED_BANKS[code].name;
}
