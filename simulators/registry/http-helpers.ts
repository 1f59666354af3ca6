/** Response envelope shared by every simulated registry: request id and timestamp on every answer. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import type { SimRegistry, SimulatorState } from './state.js';

export interface SimEnv {
  Variables: { requestId: string; registry: SimRegistry | 'admin' | null; state: SimulatorState };
}
export type SimContext = Context<SimEnv>;

export function answer(c: SimContext, body: object, status: ContentfulStatusCode = 200): Response {
  return c.json(
    { requestId: c.get('requestId'), timestamp: c.get('state').now().toISOString(), ...body },
    status,
  );
}

export function failure(
  c: SimContext,
  status: ContentfulStatusCode,
  code: string,
  message: string,
): Response {
  return c.json(
    { code, message, requestId: c.get('requestId'), timestamp: c.get('state').now().toISOString() },
    status,
  );
}

/** Parses a JSON body; on failure answers 400 naming the fields (never their values). */
export async function readBody<S extends z.ZodType>(
  c: SimContext,
  schema: S,
): Promise<{ ok: true; value: z.output<S> } | { ok: false; response: Response }> {
  const raw: unknown = await c.req.json().catch(() => undefined);
  if (raw === undefined)
    return { ok: false, response: failure(c, 400, 'INVALID_JSON', 'the body is not JSON') };
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const badCode = parsed.error.issues.some((i) => i.path[0] === 'personalCode');
  const message = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
  return {
    ok: false,
    response: failure(c, 400, badCode ? 'INVALID_PERSONAL_CODE' : 'INVALID_REQUEST', message),
  };
}

/** Resolves after ms, or earlier when a signal aborts. */
export function pause(ms: number, ...signals: AbortSignal[]): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      for (const s of signals) s.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    for (const s of signals) {
      if (s.aborted) return done();
      s.addEventListener('abort', done, { once: true });
    }
  });
}
