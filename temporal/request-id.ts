/**
 * Request ids flow from the API request into the workflow it starts and into every activity that workflow runs,
 * through a Temporal header, so one id ties together API, workflow and activity log lines.
 */
import { defaultPayloadConverter, type Headers } from '@temporalio/common';

export const REQUEST_ID_HEADER = 'digisoc-request-id';

export function withRequestIdHeader(headers: Headers, requestId: string | undefined): Headers {
  if (!requestId || headers[REQUEST_ID_HEADER]) return headers;
  return { ...headers, [REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload(requestId) };
}

export function requestIdFromHeaders(headers: Headers): string | undefined {
  const payload = headers[REQUEST_ID_HEADER];
  if (!payload) return undefined;
  const value = defaultPayloadConverter.fromPayload(payload);
  return typeof value === 'string' ? value : undefined;
}
