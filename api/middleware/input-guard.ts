/**
 * One guard over every parsed input before any route sees it:
 * - a JSON body that does not parse answers 400 problem+json (webhooks parse their own body after checking the
 *   caller, so theirs is passed on);
 * - an operation whose JSON body is required (per the OpenAPI document) answers 422 when the body is missing;
 * - any string anywhere in a JSON body, a form body or the query string that holds NUL (U+0000) or a lone surrogate
 *   answers 422 naming the field: such text crashes the database layer (MikroORM writes the values into the SQL text;
 *   SQLite ends the statement at a NUL, PostgreSQL refuses 0x00) or cannot be stored as UTF-8.
 * Runs after the body-size limit, so it never reads more than that.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { TEXT_REFUSAL_MESSAGES, textRefusal } from '../../domain/validation.js';
import type { AppEnv } from '../context.js';
import { HttpProblem, problem, type FieldError } from '../problem.js';

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;
const FORM_TYPE = 'application/x-www-form-urlencoded';
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Webhooks authenticate the raw body first and answer malformed bodies themselves. */
const SELF_PARSING = /^\/api\/v1\/integrations\//;
const MAX_ERRORS = 20;

/** Collects refused strings (keys and values) with their dotted paths, like zod's issue paths. */
export function refusedStrings(value: unknown, prefix: string[] = [], out: FieldError[] = []): FieldError[] {
  if (out.length >= MAX_ERRORS) return out;
  if (typeof value === 'string') {
    const reason = textRefusal(value);
    if (reason) out.push({ path: prefix.join('.') || '(body)', message: TEXT_REFUSAL_MESSAGES[reason] });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => refusedStrings(item, [...prefix, String(i)], out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const reason = textRefusal(key);
      if (reason) out.push({ path: [...prefix, '(key)'].join('.'), message: TEXT_REFUSAL_MESSAGES[reason] });
      refusedStrings(item, [...prefix, key], out);
    }
  }
  return out;
}

export interface RequiredBodies {
  /** Whether the operation at this method and concrete path declares its JSON body as required. */
  (method: string, path: string): boolean;
}

/** From OpenAPI route definitions (`/x/{id}/y`), a matcher of operations whose JSON body is required. */
export function requiredBodiesFrom(
  definitions: () => readonly {
    type: string;
    route?: { method: string; path: string; request?: { body?: { required?: boolean; content?: object } } };
  }[],
): RequiredBodies {
  let compiled: { method: string; re: RegExp }[] | undefined;
  return (method, path) => {
    compiled ??= definitions().flatMap((d) => {
      const body = d.type === 'route' ? d.route?.request?.body : undefined;
      if (!d.route || !body?.required || !Object.keys(body.content ?? {}).some((t) => JSON_TYPE.test(t)))
        return [];
      const pattern = d.route.path
        .split(/\{[^}]+\}/)
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]+');
      return [{ method: d.route.method.toUpperCase(), re: new RegExp(`^${pattern}$`) }];
    });
    return compiled.some((r) => r.method === method && r.re.test(path));
  };
}

function refuse(c: Context, errors: FieldError[]): Response {
  return problem(c, 422, 'the request contains text that is not accepted', { errors });
}

export function inputGuard(requiredBody: RequiredBodies): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const queryErrors = Object.entries(c.req.queries()).flatMap(([name, values]) =>
      refusedStrings(values.join(''), ['query', name]),
    );
    if (queryErrors.length) return refuse(c, queryErrors);
    if (!WITH_BODY.has(c.req.method)) return next();

    const contentType = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (JSON_TYPE.test(contentType)) {
      const text = await c.req.text();
      if (text.trim() === '') {
        if (requiredBody(c.req.method, c.req.path)) c.set('bodyMissing', true);
        return next();
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text) as unknown;
      } catch {
        if (SELF_PARSING.test(c.req.path)) return next();
        return problem(c, 400, 'the request body is not valid JSON');
      }
      const errors = refusedStrings(parsed);
      if (errors.length) return refuse(c, errors);
      return next();
    }
    if (contentType === FORM_TYPE) {
      // A clone, so the CSRF check and the screen can still read the body.
      const form = new URLSearchParams(await c.req.raw.clone().text());
      const errors = refusedStrings(Object.fromEntries(form.entries()), ['form']);
      if (errors.length) return refuse(c, errors);
      return next();
    }
    if (contentType === '' && requiredBody(c.req.method, c.req.path)) {
      const text = await c.req.text();
      if (text === '') c.set('bodyMissing', true);
    }
    return next();
  };
}

/**
 * The 422 for a missing required JSON body, raised by the access gates (`requirePermission`, the adoption gate)
 * once the caller is allowed: a role without the permission still gets its 403 (or the adoption register's 404),
 * so an empty request never tells anyone that a route exists.
 */
export function refuseMissingBody(c: Context<AppEnv>): void {
  if (c.get('bodyMissing'))
    throw new HttpProblem(422, 'a JSON body is required', {
      errors: [{ path: '(body)', message: 'a JSON body is required' }],
    });
}
