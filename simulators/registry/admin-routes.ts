/** Admin API of the simulator: dossiers, fault injection, bank behaviour, received requests. */
import { Hono } from 'hono';
import { z } from 'zod';
import { answer, failure, readBody, type SimEnv } from './http-helpers.js';
import { isSimRegistry, SIM_REGISTRIES } from './state.js';
import { isSimulatedBankCode } from './banks-catalogue.js';
import { flushBankCallbacks, resumeBank } from './bank-desk.js';

const faultPatch = z
  .object({
    latencyMs: z.number().int().min(0).max(600_000).nullable(),
    errorRate: z.number().min(0).max(1),
    timeout: z.boolean(),
    malformed: z.boolean(),
    outage: z.boolean(),
    seed: z.number().int(),
  })
  .partial()
  .strict();

const bankPatch = z
  .object({
    delayMs: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 3600_000),
    neverAnswer: z.boolean(),
    outage: z.boolean(),
  })
  .partial()
  .strict();

export function adminRoutes(): Hono<SimEnv> {
  const app = new Hono<SimEnv>();

  app.get('/_admin/dossiers', (c) =>
    answer(c, {
      dossiers: c
        .get('state')
        .allDossiers()
        .map((d) => ({
          id: d.id,
          householdId: d.householdId,
          firstName: d.person.firstName,
          lastName: d.person.lastName,
          birthDate: d.person.birthDate,
        })),
    }),
  );
  app.get('/_admin/dossiers/:id', (c) => {
    const dossier = c.get('state').dossiers.get(c.req.param('id'));
    return dossier ? answer(c, { dossier }) : failure(c, 404, 'DOSSIER_NOT_FOUND', 'no such dossier');
  });
  app.put('/_admin/dossiers/:id', async (c) => {
    const body = await readBody(c, z.unknown());
    if (!body.ok) return body.response;
    const result = c.get('state').putDossier(c.req.param('id'), body.value);
    if (!result.ok) {
      return failure(
        c,
        result.status,
        result.status === 409 ? 'CONFLICT' : 'INVALID_DOSSIER',
        result.message,
      );
    }
    return answer(c, { dossier: result.dossier }, result.created ? 201 : 200);
  });
  app.delete('/_admin/dossiers/:id', (c) => {
    const deleted = c.get('state').dossiers.delete(c.req.param('id'));
    return deleted ? c.body(null, 204) : failure(c, 404, 'DOSSIER_NOT_FOUND', 'no such dossier');
  });
  app.post('/_admin/reset', async (c) => {
    const raw: unknown = await c.req.json().catch(() => ({}));
    const seed = z.object({ seed: z.number().int().optional() }).safeParse(raw);
    c.get('state').reset(seed.success ? seed.data.seed : undefined);
    return answer(c, { dossiers: c.get('state').dossiers.size });
  });

  app.get('/_admin/faults', (c) => answer(c, { faults: Object.fromEntries(c.get('state').faults) }));
  app.put('/_admin/faults/:registry', async (c) => {
    const registry = c.req.param('registry');
    if (!isSimRegistry(registry)) {
      return failure(c, 404, 'UNKNOWN_REGISTRY', `registries: ${SIM_REGISTRIES.join(', ')}`);
    }
    const body = await readBody(c, faultPatch);
    if (!body.ok) return body.response;
    return answer(c, { registry, fault: c.get('state').setFault(registry, body.value) });
  });
  app.delete('/_admin/faults/:registry', (c) => {
    const registry = c.req.param('registry');
    if (!isSimRegistry(registry)) return failure(c, 404, 'UNKNOWN_REGISTRY', 'no such registry');
    c.get('state').clearFaults(registry);
    return c.body(null, 204);
  });
  app.delete('/_admin/faults', (c) => {
    c.get('state').clearFaults();
    return c.body(null, 204);
  });

  app.get('/_admin/banks', (c) => {
    const state = c.get('state');
    const pending = [...state.bankRequests.values()].filter((r) => r.status === 'accepted');
    return answer(c, {
      banks: Object.fromEntries(
        [...state.banks].map(([code, b]) => [
          code,
          { ...b, pending: pending.filter((r) => r.bankCode === code).length },
        ]),
      ),
      requests: [...state.bankRequests.values()].map((r) => ({
        requestId: r.requestId,
        bankCode: r.bankCode,
        status: r.status,
        acceptedAt: r.acceptedAt,
        expectedBy: r.expectedBy,
        deliveredAt: r.deliveredAt,
        deliveryAttempts: r.deliveryAttempts,
        lastDeliveryError: r.lastDeliveryError,
      })),
    });
  });
  app.put('/_admin/banks/:bankCode', async (c) => {
    const bankCode = c.req.param('bankCode');
    if (!isSimulatedBankCode(bankCode)) return failure(c, 404, 'UNKNOWN_BANK', `no bank ${bankCode}`);
    const body = await readBody(c, bankPatch);
    if (!body.ok) return body.response;
    const state = c.get('state');
    const current = state.banks.get(bankCode) ?? { delayMs: 0, neverAnswer: false, outage: false };
    const next = { ...current, ...body.value };
    state.banks.set(bankCode, next);
    if (!next.neverAnswer) resumeBank(state, bankCode);
    return answer(c, { bankCode, behaviour: next });
  });
  app.post('/_admin/banks/flush', async (c) => answer(c, await flushBankCallbacks(c.get('state'))));

  app.get('/_admin/requests', (c) => {
    const registry = c.req.query('registry');
    const all = c.get('state').requests.filter((r) => r.registry !== 'admin');
    return answer(c, { requests: registry ? all.filter((r) => r.registry === registry) : all });
  });
  app.delete('/_admin/requests', (c) => {
    c.get('state').requests.length = 0;
    return c.body(null, 204);
  });

  return app;
}
