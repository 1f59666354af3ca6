/**
 * Entry point: `tsx simulators/registry/server.ts`. Listens on PORT or the port of DIGISOC_REGISTRY_SIM_URL.
 * Environment: SIM_LATENCY ("0", "50" or "20-80" ms), SIM_SEED, SIM_BANK_DELAY_MS (all banks),
 * SIM_BANK_CALLBACK_SECRET, SIM_FIXTURES_DIR.
 */
import { pino } from 'pino';
import { loadFixtures, FIXTURES_DIR } from './fixtures.js';
import { startRegistrySimulator } from './start.js';
import { SIMULATED_BANK_CODES } from './banks-catalogue.js';

function parseLatency(value: string | undefined): { minMs: number; maxMs: number } {
  if (value === undefined || value === '') return { minMs: 20, maxMs: 80 };
  const m = /^(\d+)(?:-(\d+))?$/.exec(value.trim());
  if (!m) throw new Error(`SIM_LATENCY must be "0", "50" or "20-80", got "${value}"`);
  const min = Number(m[1]);
  return { minMs: min, maxMs: m[2] === undefined ? min : Math.max(min, Number(m[2])) };
}

// The simulator's own settings, from the same variables the stack sets for it.
const log = pino({ name: 'registry-simulator', level: process.env.DIGISOC_LOG_LEVEL || 'info' });
const configured = new URL(process.env.DIGISOC_REGISTRY_SIM_URL || 'http://127.0.0.1:4010');
const port = Number(process.env.PORT ?? (configured.port || 80));
const hostname = process.env.HOST ?? configured.hostname;
const bankDelay = process.env.SIM_BANK_DELAY_MS;

const fixtures = loadFixtures(process.env.SIM_FIXTURES_DIR ?? FIXTURES_DIR);
const sim = await startRegistrySimulator({
  port,
  hostname,
  fixtures,
  latency: parseLatency(process.env.SIM_LATENCY),
  seed: Number(process.env.SIM_SEED ?? 1),
  callbackSecret: process.env.SIM_BANK_CALLBACK_SECRET ?? process.env.DIGISOC_BANK_CALLBACK_SECRET,
  bankDelayMs: bankDelay
    ? Object.fromEntries(SIMULATED_BANK_CODES.map((b) => [b, Number(bankDelay)]))
    : undefined,
  logger: log,
});
log.info({ url: sim.url, dossiers: fixtures.length }, 'registry simulator listening');

const shutdown = (signal: string) => {
  log.info({ signal }, 'registry simulator stopping');
  void sim.close().then(() => process.exit(0));
};
process.once('SIGINT', () => shutdown('SIGINT'));
process.once('SIGTERM', () => shutdown('SIGTERM'));
