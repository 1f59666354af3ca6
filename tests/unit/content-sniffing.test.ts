import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { sniffContentType } from '../../services/content-sniffing.js';
import {
  docxBytes,
  edocBytes,
  jpegBytes,
  odtBytes,
  pdfBytes,
  pngBytes,
  textBytes,
  zipBytes,
} from '../helpers/files.js';

describe('sniffContentType identifies uploads by content, never by name', () => {
  it.each([
    ['PDF', pdfBytes(), 'application/pdf'],
    ['PNG', pngBytes(), 'image/png'],
    ['JPEG', jpegBytes(), 'image/jpeg'],
    ['DOCX', docxBytes(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['ODT', odtBytes(), 'application/vnd.oasis.opendocument.text'],
    ['EDOC (ASiC-E)', edocBytes(), 'application/vnd.etsi.asic-e+zip'],
    ['UTF-8 text', textBytes(), 'text/plain'],
  ])('%s', async (_name, bytes, expected) => {
    expect(await sniffContentType(bytes)).toBe(expected);
  });

  it.each([
    ['random bytes', randomBytes(512)],
    ['an executable', Buffer.concat([Buffer.from('7f454c46020101', 'hex'), Buffer.alloc(200)])],
    ['a plain ZIP', zipBytes([{ name: 'a.txt', data: Buffer.from('x') }])],
    [
      'an unknown mimetype container',
      zipBytes([{ name: 'mimetype', data: Buffer.from('application/x-evil'), store: true }]),
    ],
    ['text with control bytes', Buffer.from('abc\u0001\u0002def')],
    ['an empty file', Buffer.alloc(0)],
  ])('rejects %s', async (_name, bytes) => {
    expect(await sniffContentType(bytes)).toBeNull();
  });
});
