/**
 * Entry point: `tsx simulators/dms/server.ts`. Listens on PORT or the port of DIGISOC_DMS_SIM_URL (default 4020).
 * Environment: DIGISOC_API_URL (where webhooks go; default DIGISOC_PUBLIC_URL), DIGISOC_DEMO_DMS_SECRET.
 */
import { serve } from '@hono/node-server';
import { loadConfig } from '../../infra/config.js';
import { createLogger } from '../../infra/logger.js';
import { createDmsSimulatorApp } from './app.js';

const config = loadConfig();
const log = createLogger({ name: 'dms-simulator', level: config.logLevel });
const configured = new URL(config.simulators.dmsUrl);
const port = Number(process.env.PORT ?? (configured.port || 80));
const hostname = process.env.HOST ?? configured.hostname;
const app = createDmsSimulatorApp({
  secret: process.env.SIM_DMS_SECRET ?? config.demo.dmsSecret,
  defaultTarget: process.env.DIGISOC_API_URL ?? config.api.publicUrl,
});
const server = serve({ fetch: app.fetch, hostname, port }, () =>
  log.info({ url: `http://${hostname}:${port}` }, 'DMS simulator listening'),
);

const shutdown = (signal: string) => {
  log.info({ signal }, 'DMS simulator stopping');
  server.close(() => process.exit(0));
};
process.once('SIGINT', () => shutdown('SIGINT'));
process.once('SIGTERM', () => shutdown('SIGTERM'));
