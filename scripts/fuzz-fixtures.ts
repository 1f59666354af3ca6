/**
 * Real objects for the fuzz stage, so generated requests reach past "404 no such …": a document, a social service,
 * a means test and a placement of a Rīga case, created through the API as the Rīga social worker. They are handed to
 * schemathesis as dictionaries bound to the path parameters (drawn for most requests, random ids for the rest).
 */
import { pdfBytes } from './stack/fixture-files.js';

export interface FuzzObjects {
  cases: string[];
  documents: string[];
  services: string[];
  meansTests: string[];
  placements: string[];
}

async function json<T>(res: Promise<Response>, status: number, what: string): Promise<T> {
  const r = await res;
  const text = await r.text();
  if (r.status !== status) throw new Error(`fuzz fixtures: ${what} answered ${r.status}: ${text}`);
  return JSON.parse(text) as T;
}

export async function createFuzzObjects(base: string, token: string): Promise<FuzzObjects> {
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body instanceof FormData || body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body instanceof FormData || body === undefined ? body : JSON.stringify(body),
    });
  const cases = (
    await json<{ items: { id: string }[] }>(call('GET', '/api/v1/cases'), 200, 'GET /cases')
  ).items.map((c) => c.id);
  const caseId = cases[0];
  if (!caseId) throw new Error('fuzz fixtures: the demo data has no Rīga case');
  const form = new FormData();
  form.append('title', 'Fuzz');
  form.append('type', 'other');
  form.append('file', new Blob([new Uint8Array(pdfBytes('fuzz'))]), 'fuzz.pdf');
  const document = await json<{ id: string }>(
    call('POST', `/api/v1/cases/${caseId}/documents`, form),
    201,
    'document upload',
  );
  const service = await json<{ id: string }>(
    call('POST', `/api/v1/cases/${caseId}/services`, { serviceType: 'home-care' }),
    202,
    'service request',
  );
  const n = String(Date.now() % 1e9).padStart(9, '0');
  const child = await json<{ id: string }>(
    call('POST', '/api/v1/persons', {
      personalCode: `32${n.slice(0, 4)}-${n.slice(4)}`,
      firstName: 'Fuzzs',
      lastName: 'Bērns',
      birthDate: '2019-06-01',
    }),
    201,
    'child person',
  );
  const childCase = await json<{ id: string }>(
    call('POST', '/api/v1/cases', { personId: child.id }),
    201,
    'case',
  );
  const meansTest = await json<{ id: string }>(
    call('POST', '/api/v1/means-tests', { caseId: childCase.id }),
    202,
    'means test',
  );
  const placement = await json<{ id: string }>(
    call('POST', '/api/v1/placements', {
      childPersonId: child.id,
      institution: { code: 'BSAC-FUZZ', name: 'Fuzz centrs' },
      orphanCourtAtvk: '0001000',
      startDate: new Date().toISOString().slice(0, 10),
    }),
    201,
    'placement',
  );
  return {
    cases: [caseId, childCase.id],
    documents: [document.id],
    services: [service.id],
    meansTests: [meansTest.id],
    placements: [placement.id],
  };
}

/** A schemathesis.toml binding the objects to the path parameters that name them. */
export function fuzzConfig(o: FuzzObjects): string {
  const list = (values: string[]) => `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
  const bind = (dictionary: string) => `{ dictionary = "${dictionary}", probability = 0.8 }`;
  const operation = (pathRegex: string, params: Record<string, string>) =>
    `[[operations]]\ninclude-path-regex = ${JSON.stringify(pathRegex)}\nparameters = { ${Object.entries(
      params,
    )
      .map(([name, dictionary]) => `"path.${name}" = ${bind(dictionary)}`)
      .join(', ')} }`;
  return [
    `[dictionaries.cases]\nvalues = ${list(o.cases)}`,
    `[dictionaries.documents]\nvalues = ${list(o.documents)}`,
    `[dictionaries.services]\nvalues = ${list(o.services)}`,
    `[dictionaries.meansTests]\nvalues = ${list(o.meansTests)}`,
    `[dictionaries.placements]\nvalues = ${list(o.placements)}`,
    `[dictionaries.serviceCase]\nvalues = ${list(o.cases.slice(0, 1))}`,
    // The first match wins: a service's routes need its own case in the path as well.
    operation('^/api/v1/cases/\\{id\\}/services/\\{sid\\}', { id: 'serviceCase', sid: 'services' }),
    operation('^/api/v1/cases/', { id: 'cases', docId: 'documents', sid: 'services' }),
    operation('^/api/v1/means-tests/', { id: 'meansTests' }),
    operation('^/api/v1/placements/', { id: 'placements' }),
    '',
  ].join('\n\n');
}
