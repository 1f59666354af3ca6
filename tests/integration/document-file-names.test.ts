/**
 * Latvian file names survive an upload: multipart file names are read as UTF-8, stored composed (NFC), returned in
 * the 201 and served back in an RFC 6266 / RFC 5987 Content-Disposition (`filename*` plus an ASCII `filename`).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DocumentVersion } from '../../infra/db/entities/index.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';
import { textBytes } from '../helpers/files.js';

const COMPOSED = 'Bērziņš iesniegums.txt';
/** The same name with combining marks (e + U+0304, n + U+0327, s + U+030C), as macOS file pickers send it. */
const DECOMPOSED = 'Be\u0304rzin\u0327s\u030c iesniegums.txt';
const ENCODED = 'B%C4%93rzi%C5%86%C5%A1%20iesniegums.txt';

function form(fileName: string, fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  f.append('file', new Blob([new Uint8Array(textBytes())]), fileName);
  return f;
}

let stack: TestStack;
let token: string;
let caseId: string;

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  token = await stack.login('soc.riga');
  const person = await stack.request('POST', '/api/v1/persons', {
    token,
    json: { personalCode: '050575-10005', firstName: 'Ilze', lastName: 'Bērziņa' },
  });
  const res = await stack.request('POST', '/api/v1/cases', {
    token,
    json: { personId: ((await person.json()) as { id: string }).id },
  });
  expect(res.status).toBe(201);
  caseId = ((await res.json()) as { id: string }).id;
});
afterAll(async () => {
  await stack?.close();
});

describe('Latvian file names', () => {
  it('are stored composed (NFC) from decomposed and composed input, and served with filename*', async () => {
    const up = await stack.request('POST', `/api/v1/cases/${caseId}/documents`, {
      token,
      body: form(DECOMPOSED, { title: 'Iesniegums', type: 'application' }),
    });
    expect(up.status).toBe(201);
    const created = (await up.json()) as { id: string; fileName: string };
    expect(created.fileName).toBe(COMPOSED);

    const v2 = await stack.request('POST', `/api/v1/cases/${caseId}/documents/${created.id}/versions`, {
      token,
      body: form(COMPOSED, {}),
    });
    expect(v2.status).toBe(201);
    expect(((await v2.json()) as { fileName: string }).fileName).toBe(COMPOSED);

    const stored = await stack.orm.em.fork().find(DocumentVersion, { documentId: created.id });
    expect(stored.map((v) => v.fileName)).toEqual([COMPOSED, COMPOSED]);

    const list = (await (
      await stack.request('GET', `/api/v1/cases/${caseId}/documents`, { token })
    ).json()) as { id: string; fileName: string }[];
    expect(list.find((d) => d.id === created.id)?.fileName).toBe(COMPOSED);
    const versions = (await (
      await stack.request('GET', `/api/v1/cases/${caseId}/documents/${created.id}/versions`, { token })
    ).json()) as { fileName: string }[];
    expect(versions.map((v) => v.fileName)).toEqual([COMPOSED, COMPOSED]);

    for (const version of [1, 2]) {
      const dl = await stack.request(
        'GET',
        `/api/v1/cases/${caseId}/documents/${created.id}/content?version=${version}`,
        { token },
      );
      expect(dl.status).toBe(200);
      await dl.arrayBuffer();
      expect(dl.headers.get('content-disposition')).toBe(
        `attachment; filename="Berzins iesniegums.txt"; filename*=UTF-8''${ENCODED}`,
      );
    }
  });

  it("percent-encodes what RFC 5987 does not allow raw (' ( ) *) and gives an ASCII fallback", async () => {
    const name = "Līgums (O'Brien) *kopija* ā.txt";
    const up = await stack.request('POST', `/api/v1/cases/${caseId}/documents`, {
      token,
      body: form(name, { title: 'Līgums', type: 'application' }),
    });
    expect(up.status).toBe(201);
    const created = (await up.json()) as { id: string; fileName: string };
    expect(created.fileName).toBe(name);
    const dl = await stack.request('GET', `/api/v1/cases/${caseId}/documents/${created.id}/content`, {
      token,
    });
    await dl.arrayBuffer();
    const header = dl.headers.get('content-disposition') ?? '';
    const star = /filename\*=UTF-8''([^;\s]+)/.exec(header)?.[1] ?? '';
    expect(star).toMatch(/^[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
    expect(decodeURIComponent(star)).toBe(created.fileName);
    expect(header).toContain(`filename="Ligums (O'Brien) *kopija* a.txt"`);
  });
});
