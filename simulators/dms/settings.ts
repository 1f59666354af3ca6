/**
 * The DMS simulator's own settings, from the environment (the same variables the stack sets for it): where it
 * listens (PORT/HOST or DIGISOC_DMS_SIM_URL), its webhook secret (SIM_DMS_SECRET, else DIGISOC_DEMO_DMS_SECRET),
 * where its webhooks go (DIGISOC_API_URL, else DIGISOC_PUBLIC_URL, else the API's host and port).
 */
const env = process.env;
const configured = new URL(env.DIGISOC_DMS_SIM_URL || 'http://127.0.0.1:4020');

export const settings = {
  logLevel: env.DIGISOC_LOG_LEVEL || 'info',
  port: Number(env.PORT ?? (configured.port || 80)),
  hostname: env.HOST ?? configured.hostname,
  secret: env.SIM_DMS_SECRET ?? (env.DIGISOC_DEMO_DMS_SECRET || 'demo-dms-secret'),
  apiUrl:
    env.DIGISOC_API_URL ??
    (env.DIGISOC_PUBLIC_URL ||
      `http://${env.DIGISOC_API_HOST || '127.0.0.1'}:${env.DIGISOC_API_PORT || '3000'}`),
};
