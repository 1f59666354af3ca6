/**
 * The registry simulator's mutable state: dossiers, fault settings, bank behaviour, pending bank requests and the
 * log of received requests (paths and outcomes only, never bodies). One instance per simulator process or test.
 */
import type { Logger } from 'pino';
import { dossierSchema, type Dossier } from './dossier.js';
import { SIMULATED_BANK_CODES, SIMULATED_BANKS, type SimulatedBankCode } from './banks-catalogue.js';

export const SIM_REGISTRIES = [
  'pmlp',
  'vdeavk',
  'vsaa',
  'vid',
  'nva',
  'vzd',
  'account-register',
  'banks',
  'npais',
  'baris',
] as const;
export type SimRegistry = (typeof SIM_REGISTRIES)[number];

export function isSimRegistry(value: string): value is SimRegistry {
  return (SIM_REGISTRIES as readonly string[]).includes(value);
}

export interface Fault {
  /** Fixed latency replacing the default random latency; null = default. */
  latencyMs: number | null;
  /** Share of requests (0..1) answered 500, drawn from a seeded generator. */
  errorRate: number;
  /** Never answers within any client timeout (hangs until the client gives up). */
  timeout: boolean;
  /** Answers 200 with a payload violating the contract. */
  malformed: boolean;
  /** Answers 503. */
  outage: boolean;
  /** Seed of this registry's error generator (reset whenever the fault is set). */
  seed: number;
}

export interface BankBehaviour {
  delayMs: number;
  neverAnswer: boolean;
  outage: boolean;
}

export interface BankStatementRequest {
  requestId: string;
  bankCode: SimulatedBankCode;
  ibans: string[];
  fromDate: string;
  toDate: string;
  callbackUrl: string;
  callbackReference: string;
  acceptedAt: string;
  expectedBy: string;
  status: 'accepted' | 'completed' | 'delivery-failed';
  deliveryAttempts: number;
  lastDeliveryError: string | null;
  deliveredAt: string | null;
  result: unknown;
}

export interface ReceivedRequest {
  seq: number;
  at: string;
  method: string;
  /** URL path without query string. */
  path: string;
  registry: SimRegistry | 'admin' | null;
  status: number;
  requestId: string;
  durationMs: number;
}

export interface SimulatorOptions {
  fixtures: Dossier[];
  /** Default latency range per request; { minMs: 0, maxMs: 0 } for none. */
  latency?: { minMs: number; maxMs: number };
  seed?: number;
  /** Shared secret sent in the X-Bank-Callback-Secret header of every bank callback. */
  callbackSecret?: string;
  /** Per-bank answer delay overriding the catalogue defaults. */
  bankDelayMs?: Partial<Record<SimulatedBankCode, number>>;
  /** How long a registry with the `timeout` fault hangs before giving up (default 120 s). */
  timeoutHangMs?: number;
  now?: () => Date;
  logger?: Logger;
  fetch?: typeof fetch;
}

export const DEFAULT_CALLBACK_SECRET = 'demo-bank-callback-secret';
const MAX_LOGGED_REQUESTS = 10_000;

/** mulberry32: small, fast, seeded. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class SimulatorState {
  readonly dossiers = new Map<string, Dossier>();
  readonly faults = new Map<SimRegistry, Fault>();
  readonly banks = new Map<SimulatedBankCode, BankBehaviour>();
  readonly bankRequests = new Map<string, BankStatementRequest>();
  readonly requests: ReceivedRequest[] = [];
  /** Pending delivery timer per bank request id. */
  readonly bankTimers = new Map<string, NodeJS.Timeout>();
  readonly callbackSecret: string;
  readonly timeoutHangMs: number;
  readonly now: () => Date;
  readonly logger: Logger | undefined;
  readonly fetch: typeof fetch;
  /** Aborted on dispose(): ends hanging requests and pending timers. */
  private lifetime = new AbortController();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly errorRandom = new Map<SimRegistry, () => number>();
  private latencyRandom: () => number;
  private seq = 0;

  constructor(private readonly options: SimulatorOptions) {
    this.callbackSecret = options.callbackSecret ?? DEFAULT_CALLBACK_SECRET;
    this.timeoutHangMs = options.timeoutHangMs ?? 120_000;
    this.now = options.now ?? (() => new Date());
    this.logger = options.logger;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.latencyRandom = seededRandom(options.seed ?? 1);
    this.reset();
  }

  get signal(): AbortSignal {
    return this.lifetime.signal;
  }

  /** Back to the fixtures: dossiers, no faults, default bank behaviour, no pending bank requests, empty log. */
  reset(seed?: number): void {
    this.clearTimers();
    this.dossiers.clear();
    for (const d of this.options.fixtures) this.dossiers.set(d.id, structuredClone(d));
    this.faults.clear();
    this.errorRandom.clear();
    this.banks.clear();
    for (const code of SIMULATED_BANK_CODES) {
      this.banks.set(code, {
        delayMs: this.options.bankDelayMs?.[code] ?? SIMULATED_BANKS[code].defaultDelayMs,
        neverAnswer: false,
        outage: false,
      });
    }
    this.bankRequests.clear();
    this.requests.length = 0;
    this.latencyRandom = seededRandom(seed ?? this.options.seed ?? 1);
  }

  /** Stops every timer and ends hanging requests; the state stays readable. */
  dispose(): void {
    this.clearTimers();
    this.lifetime.abort();
    this.lifetime = new AbortController();
  }

  private clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.bankTimers.clear();
  }

  schedule(delayMs: number, fn: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, delayMs);
    this.timers.add(timer);
    return timer;
  }

  cancel(timer: NodeJS.Timeout | undefined): void {
    if (timer === undefined) return;
    clearTimeout(timer);
    this.timers.delete(timer);
  }

  findByPersonalCode(code: string): Dossier | undefined {
    const normalized = code.replace('-', '');
    for (const d of this.dossiers.values()) {
      if (d.person.personalCode.replace('-', '') === normalized) return d;
    }
    return undefined;
  }

  allDossiers(): Dossier[] {
    return [...this.dossiers.values()];
  }

  /** Validates and stores a dossier; refuses a personal code or IBAN already held by another dossier. */
  putDossier(
    id: string,
    input: unknown,
  ): { ok: true; created: boolean; dossier: Dossier } | { ok: false; status: 400 | 409; message: string } {
    const parsed = dossierSchema.safeParse(
      typeof input === 'object' && input !== null ? { ...(input as object), id } : input,
    );
    if (!parsed.success) {
      return {
        ok: false,
        status: 400,
        message: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '),
      };
    }
    const dossier = parsed.data;
    const holder = this.findByPersonalCode(dossier.person.personalCode);
    if (holder && holder.id !== id) {
      return { ok: false, status: 409, message: `the personal code already belongs to dossier ${holder.id}` };
    }
    for (const other of this.dossiers.values()) {
      if (other.id === id) continue;
      const shared = other.accounts.find((a) => dossier.accounts.some((b) => b.iban === a.iban));
      if (shared)
        return { ok: false, status: 409, message: `an IBAN already belongs to dossier ${other.id}` };
    }
    const created = !this.dossiers.has(id);
    this.dossiers.set(id, dossier);
    return { ok: true, created, dossier };
  }

  setFault(registry: SimRegistry, patch: Partial<Fault>): Fault {
    const current = this.faults.get(registry) ?? {
      latencyMs: null,
      errorRate: 0,
      timeout: false,
      malformed: false,
      outage: false,
      seed: 1,
    };
    const next = { ...current, ...patch };
    this.faults.set(registry, next);
    this.errorRandom.set(registry, seededRandom(next.seed));
    return next;
  }

  clearFaults(registry?: SimRegistry): void {
    if (registry) {
      this.faults.delete(registry);
      this.errorRandom.delete(registry);
    } else {
      this.faults.clear();
      this.errorRandom.clear();
    }
  }

  /** Draws from the registry's seeded generator: true when this request should fail. */
  drawError(registry: SimRegistry): boolean {
    const fault = this.faults.get(registry);
    if (!fault || fault.errorRate <= 0) return false;
    const random = this.errorRandom.get(registry) ?? seededRandom(fault.seed);
    this.errorRandom.set(registry, random);
    return random() < fault.errorRate;
  }

  latencyFor(registry: SimRegistry): number {
    const fixed = this.faults.get(registry)?.latencyMs;
    if (fixed !== null && fixed !== undefined) return fixed;
    const { minMs, maxMs } = this.options.latency ?? { minMs: 20, maxMs: 80 };
    return Math.round(minMs + (maxMs - minMs) * this.latencyRandom());
  }

  logRequest(entry: Omit<ReceivedRequest, 'seq'>): void {
    this.seq += 1;
    this.requests.push({ seq: this.seq, ...entry });
    if (this.requests.length > MAX_LOGGED_REQUESTS)
      this.requests.splice(0, this.requests.length - MAX_LOGGED_REQUESTS);
  }
}
