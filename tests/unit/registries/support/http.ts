/** Small HTTP helpers for registry tests: JSON calls and an in-test HTTP server on an ephemeral port. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

export async function call(
  url: string,
  method: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as unknown) : undefined,
    headers: response.headers,
  };
}

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

export async function serveApp(app: Hono): Promise<TestServer> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      }),
    );
  });
}

/** A personal code as written (DDMMYY-NNNNN); IBANs and other long digit runs do not match. */
export const PERSONAL_CODE_SHAPE = /(?<![\d-])\d{6}-\d{5}(?!\d)/;

/** The fixture personal codes found in a text, with or without the hyphen. */
export function fixtureCodesIn(text: string, codes: readonly string[]): string[] {
  return codes.filter((c) => text.includes(c) || text.includes(c.replace('-', '')));
}
