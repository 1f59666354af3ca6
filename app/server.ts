/** API process entry (the composition root: configuration, dependencies, the HTTP app): `tsx app/server.ts`. */
import { serve } from '@hono/node-server';
import { loadConfig } from '../infra/config.js';
import { withPayloadKey } from '../temporal/payload-key.js';
import { createLogger } from '../infra/logger.js';
import { createApp } from '../api/app.js';
import { createDeps } from './deps.js';
import { extraRouters } from '../api/extra-routers.js';

const config = withPayloadKey(loadConfig());
const logger = createLogger({ level: config.logLevel, name: 'digisoc-api' });
const deps = await createDeps(config, logger);
await deps.store
  .ensureBucket()
  .catch((err: unknown) => logger.warn({ err }, 'could not prepare the bucket yet'));
const app = createApp(deps, extraRouters);
const server = serve({ fetch: app.fetch, hostname: config.api.host, port: config.api.port }, (info) => {
  logger.info({ url: `http://${info.address}:${info.port}` }, 'DigiSoc API listening');
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'API shutting down');
  server.close();
  await deps.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
