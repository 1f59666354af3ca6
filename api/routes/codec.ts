/**
 * Temporal's remote codec protocol, so the Temporal Web UI (and `temporal … --codec-endpoint`) can show the encrypted
 * payloads of workflow histories to those allowed to read them: `POST /codec/decode` and `POST /codec/encode`, body
 * and answer `{"payloads":[{"metadata":{"encoding":"<base64>"},"data":"<base64>"}]}`, the namespace in `X-Namespace`.
 *
 * Administrators only (permission `workflow-payload:decode`), by bearer token or by the screens' session cookie; a
 * cookie is accepted only from the Temporal UI's origin (DIGISOC_TEMPORAL_UI_ORIGIN) or the API's own, which is the
 * CSRF defence here (the UI cannot send DigiSoc's CSRF token). CORS answers that origin, with credentials, so the UI's
 * "Include cross-origin credentials" setting works. Every call is audited, refused ones too.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { cors } from 'hono/cors';
import { z } from 'zod';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { can } from '../../domain/access/roles.js';
import { resolveSession } from '../../services/identity.js';
import { createPayloadCodecs } from '../../temporal/payload-codec.js';
import { audit } from '../audit.js';
import type { AppDeps, AppEnv } from '../context.js';
import { SESSION_COOKIE } from '../middleware/auth.js';
import { HttpProblem, zodFieldErrors } from '../problem.js';

const MAX_BODY_BYTES = 16 * 1024 * 1024;
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');
const PayloadsBody = z.object({
  payloads: z
    .array(z.object({ metadata: z.record(z.string(), base64).optional(), data: base64.optional() }))
    .max(10_000),
});
type JsonPayload = z.infer<typeof PayloadsBody>['payloads'][number];

function fromJson(p: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))]),
    ),
    data: p.data === undefined ? undefined : new Uint8Array(Buffer.from(p.data, 'base64')),
  };
}

function toJson(p: Payload): JsonPayload {
  const out: JsonPayload = {
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')]),
    ),
  };
  if (p.data) out.data = Buffer.from(p.data).toString('base64');
  return out;
}

/** Bearer token, or the session cookie from an allowed origin; then the permission. Refusals are audited. */
function codecAuth(allowedOrigins: readonly string[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const bearer = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const cookie = bearer ? undefined : getCookie(c, SESSION_COOKIE);
    const token = bearer ?? cookie;
    const challenge = { headers: { 'WWW-Authenticate': 'Bearer realm="digisoc"' } };
    if (!token) throw new HttpProblem(401, 'sign in first: send Authorization: Bearer <token>', challenge);
    if (!bearer) {
      const origin = c.req.header('origin');
      if (origin !== undefined && !allowedOrigins.includes(origin)) {
        throw new HttpProblem(403, 'this origin may not use the codec endpoint with a session cookie');
      }
    }
    const { config, clock } = c.get('deps');
    const session = await resolveSession(c.get('em'), token, {
      idleMinutes: config.session.idleMinutes,
      now: clock.now(),
    });
    if (!session) throw new HttpProblem(401, 'the session has expired or is not valid', challenge);
    c.set('user', session.user);
    c.set('auth', { via: bearer ? 'bearer' : 'cookie', csrfToken: session.csrfToken, token });
    if (!can(session.user.role, 'workflow-payload:decode')) {
      await audit(c, {
        action: `temporal.payload.${c.req.path.endsWith('/encode') ? 'encode' : 'decode'}`,
        resourceType: 'temporal-namespace',
        resourceId: c.req.header('x-namespace') ?? null,
        outcome: 'denied',
      });
      throw new HttpProblem(403, 'your role may not workflow-payload:decode');
    }
    await next();
  };
}

export function codecRouter(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { temporal, api } = deps.config;
  const codecs: PayloadCodec[] = createPayloadCodecs(temporal.payloadKey);
  const allowedOrigins = [temporal.uiOrigin, new URL(api.publicUrl).origin];

  app.use(
    '*',
    cors({
      origin: (origin) => (allowedOrigins.includes(origin) ? origin : null),
      allowMethods: ['POST', 'OPTIONS'],
      allowHeaders: ['Content-Type', 'X-Namespace', 'Authorization'],
      credentials: true,
      maxAge: 600,
    }),
  );

  const handler = (direction: 'encode' | 'decode') => async (c: Context<AppEnv>) => {
    const namespace = c.req.header('x-namespace');
    if (namespace !== undefined && namespace !== temporal.namespace) {
      throw new HttpProblem(404, `no namespace ${namespace} here`);
    }
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      throw new HttpProblem(400, 'the body is not valid JSON');
    }
    const parsed = PayloadsBody.safeParse(raw);
    if (!parsed.success) {
      throw new HttpProblem(422, 'expected {"payloads":[…]}', { errors: zodFieldErrors(parsed.error) });
    }
    let payloads = parsed.data.payloads.map(fromJson);
    try {
      const chain = direction === 'encode' ? [...codecs].reverse() : codecs;
      for (const codec of chain) payloads = await codec[direction](payloads);
    } catch {
      await audit(c, {
        action: `temporal.payload.${direction}`,
        resourceType: 'temporal-namespace',
        resourceId: temporal.namespace,
        outcome: 'invalid',
        details: { count: parsed.data.payloads.length },
      });
      throw new HttpProblem(422, `the payloads could not be ${direction}d with this installation's key`);
    }
    await audit(c, {
      action: `temporal.payload.${direction}`,
      resourceType: 'temporal-namespace',
      resourceId: temporal.namespace,
      details: { count: payloads.length },
    });
    c.header('Cache-Control', 'no-store');
    return c.json({ payloads: payloads.map(toJson) }, 200);
  };

  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new HttpProblem(413, `the body is larger than ${MAX_BODY_BYTES} bytes`);
    },
  });
  app.post('/decode', limit, codecAuth(allowedOrigins), handler('decode'));
  app.post('/encode', limit, codecAuth(allowedOrigins), handler('encode'));
  return app;
}
