/**
 * Incoming DMS webhooks: POST /api/v1/integrations/dms/{namejs|lietvaris}/documents. Authenticated by an HMAC-SHA256
 * signature over `<X-DigiSoc-Timestamp>.<raw body>` with the municipality's secret for that system (see
 * docs/dms-integration.md). The raw body is read once as text, verified, and only then parsed and validated.
 * 202 {intakeId} on acceptance; the same DMS document again answers 200 with the same intakeId.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { parseDmsDocument } from '../../domain/dms/dialects.js';
import { verifySignature } from '../../domain/dms/signature.js';
import { isDmsSystem, SIGNATURE_HEADER, TIMESTAMP_HEADER, type DmsSystem } from '../../domain/dms/systems.js';
import { UPLOADABLE_CONTENT_TYPES } from '../../domain/case-file/document-types.js';
import { appendAudit } from '../../services/audit-log.js';
import { SNIFF_BYTES, sniffContentType } from '../../services/content-sniffing.js';
import { receiveDmsDocument, validDmsSecrets } from '../../services/dms.js';
import type { AppDeps, AppEnv } from '../context.js';
import { HttpProblem } from '../problem.js';

/** Where each dialect names the municipality: needed to choose the secret before the body can be trusted. */
function claimedMunicipality(system: DmsSystem, body: unknown): string | null {
  if (!body || typeof body !== 'object') return null;
  const value =
    system === 'namejs'
      ? (body as { document?: { institution?: { atvk?: unknown } } }).document?.institution?.atvk
      : (body as { pasvaldiba_atvk?: unknown }).pasvaldiba_atvk;
  return typeof value === 'string' && /^\d{7}$/.test(value) ? value : null;
}

function filesPath(system: DmsSystem, index: number): string {
  return system === 'namejs' ? `document.files.${index}.contentBase64` : `pielikumi.${index}.saturs_base64`;
}

export function dmsIntegrationRouter(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  const maxFileBytes = deps.config.uploadMaxBytes;

  app.post('/:system/documents', async (c) => {
    const system = c.req.param('system');
    if (!isDmsSystem(system)) throw new HttpProblem(404, `unknown document management system ${system}`);
    // The body's size is limited before it is read (api/middleware/body-limit.ts, dmsBodyLimitBytes).
    const raw = await c.req.text();

    let body: unknown;
    try {
      body = JSON.parse(raw) as unknown;
    } catch {
      body = undefined;
    }
    const em = c.get('em');
    const municipality = claimedMunicipality(system, body);
    const secrets = municipality
      ? await validDmsSecrets(em, deps.config, municipality, system)
      : deps.config.mode === 'production'
        ? []
        : [deps.config.demo.dmsSecret];
    const check = verifySignature({
      secrets,
      timestamp: c.req.header(TIMESTAMP_HEADER),
      signature: c.req.header(SIGNATURE_HEADER),
      rawBody: raw,
    });
    if (!check.ok) {
      await appendAudit(em.fork(), {
        actor: `dms:${system}`,
        role: 'integrator',
        municipalityCode: municipality,
        action: 'dms.intake.receive',
        resourceType: 'dms-intake',
        resourceId: null,
        caseId: null,
        outcome: 'denied',
        requestId: c.get('requestId'),
        details: { reason: check.reason },
      });
      const detail =
        check.reason === 'stale'
          ? 'the X-DigiSoc-Timestamp is more than 5 minutes away from now'
          : check.reason === 'missing'
            ? 'missing or malformed X-DigiSoc-Timestamp / X-DigiSoc-Signature headers'
            : 'the signature does not match';
      throw new HttpProblem(401, detail);
    }

    if (body === undefined)
      throw new HttpProblem(422, 'the body is not JSON', {
        errors: [{ path: '(body)', message: 'not JSON' }],
      });
    const parsed = parseDmsDocument(system, body);
    if (!parsed.ok)
      throw new HttpProblem(422, 'the document does not match the dialect', { errors: parsed.errors });
    const application = parsed.application;

    const fileErrors: { path: string; message: string }[] = [];
    for (const [i, file] of application.files.entries()) {
      const bytes = Buffer.from(file.contentBase64, 'base64');
      if (bytes.length === 0) fileErrors.push({ path: filesPath(system, i), message: 'the file is empty' });
      else if (bytes.length > maxFileBytes)
        fileErrors.push({ path: filesPath(system, i), message: `the file exceeds ${maxFileBytes} bytes` });
      else {
        const type = await sniffContentType(bytes.subarray(0, SNIFF_BYTES));
        if (!type || !UPLOADABLE_CONTENT_TYPES.includes(type))
          fileErrors.push({ path: filesPath(system, i), message: 'the file type is not accepted' });
      }
    }
    if (fileErrors.length)
      throw new HttpProblem(422, 'an attached file is not accepted', { errors: fileErrors });

    // An unknown municipality is the service's UnknownMunicipalityError: 422 on the dialect's ATVK field (app.onError).
    const result = await receiveDmsDocument(
      { em, store: deps.store, client: deps.temporal.client, config: deps.config },
      application,
      c.get('requestId'),
    );
    return c.json({ intakeId: result.intakeId }, result.duplicate ? 200 : 202);
  });
  return app;
}
