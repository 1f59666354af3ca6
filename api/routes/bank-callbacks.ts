/**
 * Banks' asynchronous answers: POST /banks/{bankCode}/callbacks (mounted under /api/v1/integrations). The bank
 * proves itself with the shared secret in the X-Bank-Callback-Secret header; the validated statement is signalled
 * to the registry-check workflow named in callbackReference. Errors are RFC 9457 problem+json.
 */
import { timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { bankStatementCallbackSchema } from '../../activities/registries/schemas.js';
import type { BankStatementCallback } from '../../activities/registries/types.js';

export const BANK_CALLBACK_SECRET_HEADER = 'x-bank-callback-secret';

export interface BankCallbackDeps {
  /** Signals bankStatementReceived; throws a WorkflowNotFoundError when the workflow is unknown or closed. */
  signalBankStatement(workflowId: string, payload: BankStatementCallback): Promise<void>;
  verifySecret(header: string | undefined): boolean;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors: { path: string; message: string }[];
}

function problem(
  c: Context,
  status: ContentfulStatusCode,
  slug: string,
  title: string,
  detail: string,
  errors: ProblemDetails['errors'] = [],
): Response {
  const body: ProblemDetails = { type: `https://digisoc.lv/problems/${slug}`, title, status, detail, errors };
  return c.body(JSON.stringify(body), status, { 'content-type': 'application/problem+json' });
}

/** Constant-time comparison of the callback secret header with the configured secret. */
export function sharedSecretVerifier(secret: string): (header: string | undefined) => boolean {
  const expected = Buffer.from(secret, 'utf8');
  return (header) => {
    if (header === undefined) return false;
    const given = Buffer.from(header, 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
}

/** Duck-typed: the Temporal client's WorkflowNotFoundError (unknown or already closed workflow). */
function isWorkflowNotFound(err: unknown): boolean {
  return (
    typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'WorkflowNotFoundError'
  );
}

export function createBankCallbackRouter(deps: BankCallbackDeps): Hono {
  const router = new Hono();

  router.post('/banks/:bankCode/callbacks', async (c) => {
    if (!deps.verifySecret(c.req.header(BANK_CALLBACK_SECRET_HEADER))) {
      return problem(
        c,
        401,
        'unauthorized',
        'Unauthorized',
        `missing or wrong ${BANK_CALLBACK_SECRET_HEADER} header`,
      );
    }
    const raw: unknown = await c.req.json().catch(() => undefined);
    if (raw === undefined) return problem(c, 400, 'malformed-body', 'Malformed body', 'the body is not JSON');
    const parsed = bankStatementCallbackSchema.safeParse(raw);
    if (!parsed.success) {
      return problem(
        c,
        422,
        'validation-error',
        'Invalid bank statement',
        'the callback body does not match the statement contract',
        parsed.error.issues.map((i) => ({
          path: i.path.map(String).join('.') || '(body)',
          message: i.message,
        })),
      );
    }
    const statement = parsed.data;
    const bankCode = c.req.param('bankCode');
    if (statement.bankCode !== bankCode) {
      return problem(c, 422, 'validation-error', 'Invalid bank statement', 'bankCode differs from the URL', [
        { path: 'bankCode', message: `expected ${bankCode}` },
      ]);
    }
    try {
      await deps.signalBankStatement(statement.callbackReference, statement);
    } catch (err) {
      if (isWorkflowNotFound(err)) {
        return problem(
          c,
          404,
          'not-found',
          'Not found',
          'no running registry check matches callbackReference',
        );
      }
      return problem(
        c,
        503,
        'unavailable',
        'Service unavailable',
        'the statement could not be delivered; retry later',
      );
    }
    return c.json({ status: 'accepted', requestId: statement.requestId }, 202);
  });

  return router;
}
