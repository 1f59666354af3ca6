/**
 * DMS simulator (Namejs and Lietvaris/ELISS): emits signed application webhooks to DigiSoc, receives DigiSoc's
 * confirmations and outbound decision letters (verifying their signatures), can answer slowly or fail on demand,
 * and reports what it received — counting deliveries and registrations per document so duplicates show.
 * Shapes: docs/dms-integration.md.
 */
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import {
  SIGNATURE_HEADER,
  signatureProblem,
  signedHeaders,
  TIMESTAMP_HEADER,
  type DmsSystem,
} from './signing.js';

export interface DmsSimulatorOptions {
  secret: string;
  /** Base URL of DigiSoc's API (DIGISOC_API_URL); an emit may name another. */
  defaultTarget?: string;
}

const faultsSchema = z.object({
  /** Every confirmation / outbound request fails with `status` until the faults are cleared. */
  down: z.boolean().default(false),
  /** The next N requests fail. */
  failNext: z.number().int().min(0).default(0),
  status: z.number().int().min(400).max(599).default(503),
  /** The next N registrations succeed but their answers are lost (503): the sender must retry without duplicating. */
  loseNext: z.number().int().min(0).default(0),
  /** Answer after this delay (ms). */
  delayMs: z.number().int().min(0).max(120_000).default(0),
});
type Faults = z.infer<typeof faultsSchema>;

const applicantSchema = z.object({
  personalCode: z.string().regex(/^\d{6}-?\d{5}$/),
  firstName: z.string().min(1),
  lastName: z.string().min(1),
});

const emitSchema = z.object({
  system: z.enum(['namejs', 'lietvaris']),
  count: z.number().int().min(1).max(100_000),
  ratePerSecond: z.number().positive().max(100_000).optional(),
  municipalityAtvk: z.string().regex(/^\d{7}$/),
  applicants: z.array(applicantSchema).min(1).optional(),
  documentType: z.string().min(1).max(60).optional(),
  target: z.url().optional(),
  /** Deliver every document twice (a DMS retrying after a lost answer). */
  duplicate: z.boolean().default(false),
  concurrency: z.number().int().min(1).max(256).default(16),
});
type EmitRequest = z.infer<typeof emitSchema>;

export interface DeliveryRecord {
  dmsDocumentId: string;
  status: number;
  intakeId: string | null;
  sentAt: number;
  answeredAt: number;
}

interface Emission {
  id: string;
  request: EmitRequest;
  startedAt: number;
  finishedAt: number | null;
  sent: number;
  accepted: number;
  duplicates: number;
  failed: number;
  deliveries: DeliveryRecord[];
}

interface Registration {
  system: DmsSystem;
  key: string;
  documentId?: string;
  registrationNumber?: string;
  deliveries: number;
  registrations: number;
  lastBody: unknown;
  fileBytes?: number;
}

/** A minimal valid PDF, so DigiSoc's content sniffing accepts the attachment. */
export const SAMPLE_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n' +
    'trailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

const DEMO_APPLICANTS = [{ personalCode: '140384-19729', firstName: 'Jānis', lastName: 'Bērziņš' }];

export function namejsPayload(o: {
  id: string;
  seq: number;
  atvk: string;
  documentType: string;
  applicant: z.infer<typeof applicantSchema>;
}) {
  return {
    eventType: 'document.registered',
    document: {
      id: o.id,
      registrationNumber: `SD/${new Date().getUTCFullYear()}/1-2/${o.seq}`,
      registeredAt: new Date().toISOString(),
      documentType: o.documentType,
      title: 'Iesniegums sociālajam dienestam',
      institution: { atvk: o.atvk },
      author: o.applicant,
      files: [
        {
          fileName: `iesniegums-${o.seq}.pdf`,
          mimeType: 'application/pdf',
          contentBase64: SAMPLE_PDF.toString('base64'),
        },
      ],
    },
  };
}

export function lietvarisPayload(o: {
  id: number;
  seq: number;
  atvk: string;
  documentType: string;
  applicant: z.infer<typeof applicantSchema>;
}) {
  return {
    dok_id: o.id,
    reg_nr: `3-14/${new Date().getUTCFullYear()}/${o.seq}`,
    reg_datums: new Date().toISOString().slice(0, 10),
    pasvaldiba_atvk: o.atvk,
    dok_veids: o.documentType,
    nosaukums: 'Iesniegums sociālajam dienestam',
    iesniedzejs: {
      pers_kods: o.applicant.personalCode,
      vards: o.applicant.firstName,
      uzvards: o.applicant.lastName,
    },
    pielikumi: [{ nosaukums: `iesniegums-${o.seq}.pdf`, saturs_base64: SAMPLE_PDF.toString('base64') }],
  };
}

export function createDmsSimulatorApp(options: DmsSimulatorOptions) {
  let faults: Faults = faultsSchema.parse({});
  const registrations = new Map<string, Registration>();
  const emissions = new Map<string, Emission>();
  let registrationSeq = 1000;
  let rejectedSignatures = 0;
  const app = new Hono();

  /** Faults, delay and signature check shared by every endpoint that DigiSoc calls. */
  async function receive(c: Context): Promise<{ raw: string; body: Record<string, unknown> } | Response> {
    if (faults.delayMs) await new Promise((r) => setTimeout(r, faults.delayMs));
    if (faults.down || faults.failNext > 0) {
      if (faults.failNext > 0) faults.failNext -= 1;
      return c.json({ error: 'simulated outage' }, faults.status as 503);
    }
    const raw = await c.req.text();
    const problem = signatureProblem(
      options.secret,
      c.req.header(TIMESTAMP_HEADER),
      c.req.header(SIGNATURE_HEADER),
      raw,
    );
    if (problem) {
      rejectedSignatures++;
      return c.json({ error: `signature ${problem}` }, 401);
    }
    try {
      return { raw, body: JSON.parse(raw) as Record<string, unknown> };
    } catch {
      return c.json({ error: 'not JSON' }, 400);
    }
  }

  function record(
    system: DmsSystem,
    key: string,
    body: unknown,
    extra: Partial<Registration> = {},
  ): Registration {
    const existing = registrations.get(`${system}:${key}`);
    if (existing) {
      existing.deliveries++;
      existing.lastBody = body;
      return existing;
    }
    const created: Registration = { system, key, deliveries: 1, registrations: 1, lastBody: body, ...extra };
    registrations.set(`${system}:${key}`, created);
    return created;
  }

  /** After registering: the `loseNext` fault drops the answer. */
  function answerLost(c: Context): Response | null {
    if (faults.loseNext <= 0) return null;
    faults.loseNext -= 1;
    return c.json({ error: 'simulated lost answer' }, 503);
  }

  app.get('/health', (c) => c.json({ status: 'ok' }));

  // ── DigiSoc → Namejs ────────────────────────────────────────────────────────────────────────────────────────
  app.post('/namejs/api/v1/documents/:id/external-links', async (c) => {
    const got = await receive(c);
    if (got instanceof Response) return got;
    const key = c.req.header('idempotency-key') ?? `link-${c.req.param('id')}`;
    const r = record('namejs', key, got.body, { documentId: c.req.param('id') });
    return c.json({ linkId: `LNK-${r.key}`, documentId: c.req.param('id'), status: 'linked' }, 201);
  });
  app.post('/namejs/api/v1/outgoing-documents', async (c) => {
    const got = await receive(c);
    if (got instanceof Response) return got;
    const key = c.req.header('idempotency-key');
    if (!key) return c.json({ error: 'Idempotency-Key header is required' }, 400);
    const files = Array.isArray(got.body.files) ? (got.body.files as { contentBase64?: string }[]) : [];
    const r = record('namejs', key, got.body, {
      registrationNumber: `SD/${new Date().getUTCFullYear()}/2-1/${++registrationSeq}`,
      fileBytes: files.reduce((n, f) => n + Buffer.from(f.contentBase64 ?? '', 'base64').length, 0),
    });
    const lost = answerLost(c);
    if (lost) return lost;
    return c.json(
      {
        id: `NMJ-OUT-${r.key}`,
        registrationNumber: r.registrationNumber,
        registeredAt: new Date().toISOString(),
      },
      201,
    );
  });

  // ── DigiSoc → Lietvaris/ELISS ───────────────────────────────────────────────────────────────────────────────
  app.post('/lietvaris/eliss/dokumenti/:id/piezimes', async (c) => {
    const got = await receive(c);
    if (got instanceof Response) return got;
    const key = c.req.header('idempotency-key') ?? `piezime-${c.req.param('id')}`;
    record('lietvaris', key, got.body, { documentId: c.req.param('id') });
    return c.json({ statuss: 'pievienots', dok_id: c.req.param('id') }, 201);
  });
  app.post('/lietvaris/eliss/izejosie-dokumenti', async (c) => {
    const got = await receive(c);
    if (got instanceof Response) return got;
    const key = c.req.header('idempotency-key');
    if (!key) return c.json({ kluda: 'Idempotency-Key galvene ir obligāta' }, 400);
    const files = Array.isArray(got.body.pielikumi)
      ? (got.body.pielikumi as { saturs_base64?: string }[])
      : [];
    const r = record('lietvaris', key, got.body, {
      registrationNumber: `3-15/${new Date().getUTCFullYear()}/${++registrationSeq}`,
      fileBytes: files.reduce((n, f) => n + Buffer.from(f.saturs_base64 ?? '', 'base64').length, 0),
    });
    const lost = answerLost(c);
    if (lost) return lost;
    return c.json({ reg_nr: r.registrationNumber, reg_datums: new Date().toISOString().slice(0, 10) }, 201);
  });

  // ── Admin ───────────────────────────────────────────────────────────────────────────────────────────────────
  app.put('/_admin/faults', async (c) => {
    const parsed = faultsSchema.safeParse(await c.req.json().catch(() => ({})));
    if (!parsed.success) return c.json({ error: parsed.error.issues }, 422);
    faults = parsed.data;
    return c.json(faults);
  });
  app.delete('/_admin/faults', (c) => {
    faults = faultsSchema.parse({});
    return c.json(faults);
  });
  app.get('/_admin/received', (c) => {
    const items = [...registrations.values()].map((r) => ({
      system: r.system,
      idempotencyKey: r.key,
      kind: r.registrationNumber ? 'outbound-document' : 'confirmation',
      documentId: r.documentId ?? null,
      registrationNumber: r.registrationNumber ?? null,
      deliveries: r.deliveries,
      registrations: r.registrations,
      fileBytes: r.fileBytes ?? null,
      body: r.lastBody,
    }));
    const outbound = items.filter((i) => i.kind === 'outbound-document');
    const confirmations = items.filter((i) => i.kind === 'confirmation');
    const perDocument = new Map<string, number>();
    for (const conf of confirmations) {
      const k = `${conf.system}:${conf.documentId ?? ''}`;
      perDocument.set(k, (perDocument.get(k) ?? 0) + 1);
    }
    return c.json({
      outbound,
      confirmations,
      totals: {
        outboundRegistrations: outbound.length,
        outboundDeliveries: outbound.reduce((n, i) => n + i.deliveries, 0),
        confirmations: confirmations.length,
        confirmationDeliveries: confirmations.reduce((n, i) => n + i.deliveries, 0),
        documentsConfirmedMoreThanOnce: [...perDocument.values()].filter((n) => n > 1).length,
        rejectedSignatures,
      },
    });
  });
  app.delete('/_admin/received', (c) => {
    registrations.clear();
    rejectedSignatures = 0;
    return c.json({ cleared: true });
  });

  app.post('/_admin/emit', async (c) => {
    const parsed = emitSchema.safeParse(await c.req.json().catch(() => ({})));
    if (!parsed.success) return c.json({ error: parsed.error.issues }, 422);
    const target = parsed.data.target ?? options.defaultTarget;
    if (!target) return c.json({ error: 'no target: set DIGISOC_API_URL or pass target' }, 422);
    const emission: Emission = {
      id: randomBytes(6).toString('hex'),
      request: parsed.data,
      startedAt: Date.now(),
      finishedAt: null,
      sent: 0,
      accepted: 0,
      duplicates: 0,
      failed: 0,
      deliveries: [],
    };
    emissions.set(emission.id, emission);
    void runEmission(emission, target.replace(/\/$/, ''), options.secret);
    return c.json({ emissionId: emission.id, documentIds: null }, 202);
  });
  app.get('/_admin/emissions/:id', (c) => {
    const e = emissions.get(c.req.param('id'));
    if (!e) return c.json({ error: 'unknown emission' }, 404);
    const full = c.req.query('deliveries') === 'true';
    return c.json({
      id: e.id,
      done: e.finishedAt !== null,
      requested: e.request.count * (e.request.duplicate ? 2 : 1),
      sent: e.sent,
      accepted: e.accepted,
      duplicates: e.duplicates,
      failed: e.failed,
      elapsedMs: (e.finishedAt ?? Date.now()) - e.startedAt,
      ...(full ? { deliveries: e.deliveries } : {}),
    });
  });

  return app;
}

async function deliver(
  emission: Emission,
  url: string,
  secret: string,
  dmsDocumentId: string,
  raw: string,
): Promise<void> {
  for (let attempt = 1; attempt <= 5; attempt++) {
    const sentAt = Date.now();
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signedHeaders(secret, raw) },
        body: raw,
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await res.json().catch(() => ({}))) as { intakeId?: string };
      const answeredAt = Date.now();
      if (res.status >= 500 && attempt < 5) {
        await new Promise((r) => setTimeout(r, 200 * attempt));
        continue;
      }
      emission.sent++;
      if (res.status === 202) emission.accepted++;
      else if (res.status === 200) emission.duplicates++;
      else emission.failed++;
      emission.deliveries.push({
        dmsDocumentId,
        status: res.status,
        intakeId: body.intakeId ?? null,
        sentAt,
        answeredAt,
      });
      return;
    } catch {
      if (attempt === 5) {
        emission.sent++;
        emission.failed++;
        emission.deliveries.push({
          dmsDocumentId,
          status: 0,
          intakeId: null,
          sentAt,
          answeredAt: Date.now(),
        });
        return;
      }
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}

async function runEmission(emission: Emission, target: string, secret: string): Promise<void> {
  const r = emission.request;
  const applicants = r.applicants ?? DEMO_APPLICANTS;
  const url = `${target}/api/v1/integrations/dms/${r.system}/documents`;
  const base = Math.floor(Date.now() / 1000) * 1000 + Math.floor(Math.random() * 1000);
  const run = randomBytes(3).toString('hex');
  const jobs: { id: string; raw: string }[] = [];
  for (let i = 0; i < r.count; i++) {
    const applicant = applicants[i % applicants.length] ?? DEMO_APPLICANTS[0]!;
    const seq = base + i;
    if (r.system === 'namejs') {
      const id = `NMJ-${r.municipalityAtvk}-${run}-${i}`;
      const payload = namejsPayload({
        id,
        seq,
        atvk: r.municipalityAtvk,
        documentType: r.documentType ?? 'SD-ILD',
        applicant,
      });
      jobs.push({ id, raw: JSON.stringify(payload) });
    } else {
      const payload = lietvarisPayload({
        id: seq,
        seq,
        atvk: r.municipalityAtvk,
        documentType: r.documentType ?? 'ILD_IESNIEGUMS',
        applicant,
      });
      jobs.push({ id: String(seq), raw: JSON.stringify(payload) });
    }
  }
  const queue = r.duplicate ? jobs.flatMap((j) => [j, j]) : jobs;
  const interval = r.ratePerSecond ? 1000 / r.ratePerSecond : 0;
  const started = Date.now();
  let next = 0;
  const worker = async () => {
    for (;;) {
      const index = next++;
      const job = queue[index];
      if (!job) return;
      if (interval) {
        const due = started + index * interval;
        const wait = due - Date.now();
        if (wait > 0) await new Promise((res) => setTimeout(res, wait));
      }
      // Redeliveries must be re-signed (fresh timestamp) like a real integrator's retry.
      await deliver(emission, url, secret, job.id, job.raw);
    }
  };
  await Promise.all(Array.from({ length: r.concurrency }, worker));
  emission.finishedAt = Date.now();
}
