import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { createLogger, requestContext, scrubPersonalCodes } from '../../infra/logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { logger: createLogger({ level: 'info' }, stream), lines };
}

const CODES = ['140384-19729', '14038419729', '321234-56789', '32123456789'];

describe('log redaction', () => {
  it.each(CODES)('scrubs %s from free text', (code) => {
    expect(scrubPersonalCodes(`klients ${code} pieteicās`)).toBe('klients [personal-code] pieteicās');
  });

  it('leaves dates, amounts and ids alone', () => {
    const text =
      'case 0001000-2026-000123 on 2026-03-15 for 187.00 EUR, id 01a2023b-c886-77c5-b698-760c1b9a787a';
    expect(scrubPersonalCodes(text)).toBe(text);
  });

  it('never writes a personal code: messages, fields, nested objects, arrays and errors', () => {
    const { logger, lines } = capture();
    logger.info(`looking up 140384-19729`);
    logger.info({ personalCode: '140384-19729', query: { code: '321234-56789' } }, 'search');
    logger.warn({ members: [{ id: 1, note: 'kods 14038419729' }] }, 'household');
    logger.error({ err: new Error('registry rejected 140384-19729') }, 'failed');
    logger.info(
      { password: 'demo', token: 'abc', req: { headers: { authorization: 'Bearer x' } } },
      'secrets',
    );
    const out = lines.join('');
    for (const code of CODES) expect(out).not.toContain(code);
    expect(out).not.toContain('"demo"');
    expect(out).not.toContain('Bearer x');
    expect(out).toContain('[personal-code]');
    expect(out).toContain('[redacted]');
    expect(lines).toHaveLength(5);
  });

  it('adds the request id of the current request to every line', () => {
    const { logger, lines } = capture();
    requestContext.run({ requestId: 'req-12345678' }, () => logger.info('inside'));
    logger.info('outside');
    expect(JSON.parse(lines[0] ?? '{}').requestId).toBe('req-12345678');
    expect(JSON.parse(lines[1] ?? '{}').requestId).toBeUndefined();
  });
});
