/**
 * Identifies an upload's type from its first bytes. ZIP containers are told apart by their `mimetype` entry
 * (ODF, ASiC-E / .edoc) or by file-type's OOXML detection (DOCX); text must be valid UTF-8 without control bytes.
 */
import { fileTypeFromBuffer } from 'file-type';
import type { AllowedContentType } from '../domain/case-file/document-types.js';

export const SNIFF_BYTES = 64 * 1024;

const ZIP_MIMETYPES: Record<string, AllowedContentType> = {
  'application/vnd.etsi.asic-e+zip': 'application/vnd.etsi.asic-e+zip',
  'application/vnd.oasis.opendocument.text': 'application/vnd.oasis.opendocument.text',
};

function zipMimetypeEntry(head: Buffer): string | null {
  // Local file header: signature PK\x03\x04, name length at 26, extra length at 28, name at 30.
  if (head.length < 38 || head.readUInt32LE(0) !== 0x04034b50) return null;
  const nameLength = head.readUInt16LE(26);
  const extraLength = head.readUInt16LE(28);
  const name = head.subarray(30, 30 + nameLength).toString('latin1');
  if (name !== 'mimetype' || head.readUInt16LE(8) !== 0) return null; // must be stored uncompressed
  const size = head.readUInt32LE(18);
  const start = 30 + nameLength + extraLength;
  return head
    .subarray(start, start + size)
    .toString('ascii')
    .trim();
}

function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return false;
  for (const byte of head) {
    if (byte === 0 || (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c))
      return false;
  }
  // A cut in the middle of a multi-byte sequence at the end of the sample is fine.
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(head);
  const replacements = decoded.slice(0, -2).split('\uFFFD').length - 1;
  return replacements === 0;
}

export async function sniffContentType(head: Buffer): Promise<AllowedContentType | null> {
  const zipType = zipMimetypeEntry(head);
  if (zipType) return ZIP_MIMETYPES[zipType] ?? null;
  const detected = await fileTypeFromBuffer(head);
  if (detected) {
    switch (detected.mime) {
      case 'application/pdf':
      case 'image/png':
      case 'image/jpeg':
      case 'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
        return detected.mime;
      default:
        return null;
    }
  }
  return looksLikeText(head) ? 'text/plain' : null;
}
