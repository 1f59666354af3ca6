/**
 * pino JSON logging. Personal codes never reach a log line: known fields are redacted by path and every string
 * value (messages included) is scrubbed of anything shaped like a Latvian personal code.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type Logger, type LoggerOptions, type DestinationStream } from 'pino';

/** Old format DDMMYY-CNNNX and new format 32NNNN-NNNNN, with or without the hyphen. */
const PERSONAL_CODE = /\b(?:[0-3]\d[01]\d\d\d-?[0-2]\d{4}|3[2-9]\d{4}-?\d{5})\b/g;
export const REDACTED = '[personal-code]';

export function scrubPersonalCodes(text: string): string {
  return text.replace(PERSONAL_CODE, REDACTED);
}

function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubPersonalCodes(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return {
      type: value.name,
      message: scrubPersonalCodes(value.message),
      stack: scrubPersonalCodes(value.stack ?? ''),
    };
  }
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, depth + 1);
  return out;
}

const REDACT_PATHS = [
  'personalCode',
  '*.personalCode',
  '*.*.personalCode',
  'password',
  '*.password',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
];

/** The request id of the API request (or workflow) being served, carried through async calls. */
export const requestContext = new AsyncLocalStorage<{ requestId: string }>();

export function createLogger(
  options: { level?: string; name?: string } = {},
  destination?: DestinationStream,
): Logger {
  const opts: LoggerOptions = {
    level: options.level ?? process.env.DIGISOC_LOG_LEVEL ?? 'info',
    name: options.name,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    formatters: {
      log: (obj) => scrubDeep(obj) as Record<string, unknown>,
    },
    mixin: () => {
      const ctx = requestContext.getStore();
      return ctx ? { requestId: ctx.requestId } : {};
    },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((a) => (typeof a === 'string' ? scrubPersonalCodes(a) : a));
        return method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
  };
  return destination ? pino(opts, destination) : pino(opts);
}

export const logger = createLogger({ name: 'digisoc' });
export type { Logger };
