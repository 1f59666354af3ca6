/** Temporal client factory: one connection, the payload codecs and the request-id header interceptor. */
import { Client, Connection, type WorkflowClientInterceptor } from '@temporalio/client';
import type { Config } from '../infra/config.js';
import { requestContext } from '../infra/logger.js';
import { createPayloadCodecs } from './payload-codec.js';
import { withRequestIdHeader } from './request-id.js';

const requestIdInterceptor: WorkflowClientInterceptor = {
  async start(input, next) {
    return next({
      ...input,
      headers: withRequestIdHeader(input.headers, requestContext.getStore()?.requestId),
    });
  },
  async signalWithStart(input, next) {
    return next({
      ...input,
      headers: withRequestIdHeader(input.headers, requestContext.getStore()?.requestId),
    });
  },
};

export interface TemporalHandle {
  connection: Connection;
  client: Client;
  namespace: string;
}

export async function connectTemporal(
  config: Pick<Config, 'temporal'>,
  options: { connectTimeoutMs?: number } = {},
): Promise<TemporalHandle> {
  const connection = await Connection.connect({
    address: config.temporal.address,
    connectTimeout: options.connectTimeoutMs ?? 10_000,
  });
  return {
    connection,
    client: createClient(connection, config.temporal.namespace, config.temporal.payloadKey),
    namespace: config.temporal.namespace,
  };
}

export function createClient(connection: Connection, namespace: string, payloadKey?: string): Client {
  return new Client({
    connection,
    namespace,
    dataConverter: { payloadCodecs: createPayloadCodecs(payloadKey) },
    interceptors: { workflow: [requestIdInterceptor] },
  });
}
