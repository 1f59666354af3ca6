/**
 * Entry point: `tsx simulators/dms/server.ts`. Listens on PORT or the port of DIGISOC_DMS_SIM_URL (default 4020).
 * Environment: DIGISOC_API_URL (where webhooks go; default DIGISOC_PUBLIC_URL), DIGISOC_DEMO_DMS_SECRET.
 */
import { serve } from '@hono/node-server';
import { pino } from 'pino';
import { createDmsSimulatorApp } from './app.js';
import { settings } from './settings.js';

const log = pino({ name: 'dms-simulator', level: settings.logLevel });
const { port, hostname } = settings;
const app = createDmsSimulatorApp({ secret: settings.secret, defaultTarget: settings.apiUrl });
const server = serve({ fetch: app.fetch, hostname, port }, () =>
  log.info({ url: `http://${hostname}:${port}` }, 'DMS simulator listening'),
);

const shutdown = (signal: string) => {
  log.info({ signal }, 'DMS simulator stopping');
  server.close(() => process.exit(0));
};
process.once('SIGINT', () => shutdown('SIGINT'));
process.once('SIGTERM', () => shutdown('SIGTERM'));
