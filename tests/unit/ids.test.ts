/** Identifiers (infra/ids.ts): UUID v7 for rows and events (time-ordered), v4 for persons (issue 14). */
import { describe, expect, it } from '@jest/globals';
import { validate, version } from 'uuid';
import { newId, newPersonId } from '../../infra/ids.js';

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newId', () => {
  it('is a 36-character RFC 9562 UUID of version 7', () => {
    const id = newId();
    expect(id).toHaveLength(36);
    expect(id).toMatch(UUID_TEXT);
    expect(validate(id)).toBe(true);
    expect(version(id)).toBe(7);
  });

  it('carries the creation time in its first 48 bits', () => {
    const before = Date.now();
    const id = newId();
    const after = Date.now();
    const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
  });

  it('sorts in creation order, also for many ids within one millisecond, and never repeats', () => {
    const ids = Array.from({ length: 5000 }, () => newId());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('newPersonId', () => {
  it('is a random version 4 UUID that tells nothing about when it was made', () => {
    const id = newPersonId();
    expect(id).toHaveLength(36);
    expect(id).toMatch(UUID_TEXT);
    expect(version(id)).toBe(4);
  });
});
