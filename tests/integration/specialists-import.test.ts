/**
 * Spreadsheet import of the specialists register on the real stack: CSV and XLSX with Latvian headers, all or nothing
 * per file with a per-row error report on 422, idempotent on re-upload, another organisation's rows refused, and the
 * XLSX template.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { addDays, addMonthsClamped } from '../../domain/calendar.js';
import { rigaToday } from '../../infra/clock.js';
import { Specialist } from '../../infra/db/entities/index.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

let stack: TestStack;
let hr: string;
const today = rigaToday();
const HEADER =
  'Personas kods;Vārds;Uzvārds;Iestādes reģistrācijas numurs;Amats;Amata veids;Amatā no;Apmācības veids;Apmācība pabeigta;Akadēmiskās stundas;Programma;Mācību iestāde;Apliecības numurs';

const code = () => {
  const n = String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
  return `32${n.slice(0, 4)}-${n.slice(4)}`;
};

function upload(bytes: Uint8Array | string, name: string, token = hr): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]), name);
  return stack.request('POST', '/api/v1/specialists/import', { token, body: form });
}

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  hr = await stack.login('hr.riga');
});
afterAll(async () => {
  await stack.close();
});

describe('specialists import', () => {
  it('imports a CSV of specialists and trainings and is idempotent on re-upload', async () => {
    const [a, b] = [code(), code()];
    const from = addMonthsClamped(today, -3);
    const csv = [
      HEADER,
      `${a};Anna;Importa;DEMO-90000000001;sociālā darbiniece;social-worker;${from};initial;${addDays(today, -3)};40;Pamati;Centrs;IMP-${a}`,
      `${b};Jānis;Importa;DEMO-90000000001;sociālais darbinieks;social-worker;${from};;;;;;`,
      `${b};;;;;;;sākotnējā;${addDays(today, -2)};48;Pamati;Centrs;IMP-${b}`,
    ].join('\n');
    const first = await upload(csv, 'speciālisti.csv');
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({
      rows: 3,
      specialistsCreated: 2,
      employmentsAdded: 2,
      trainingsAdded: 2,
      unchanged: 0,
    });
    const again = await upload(csv, 'speciālisti.csv');
    expect(await again.json()).toEqual({
      rows: 3,
      specialistsCreated: 0,
      employmentsAdded: 0,
      trainingsAdded: 0,
      unchanged: 3,
    });
    const s = await stack.orm.em.fork().findOneOrFail(Specialist, { personalCode: b });
    const card = (await (
      await stack.request('GET', `/api/v1/specialists/${s.id}`, { token: hr })
    ).json()) as { status: string };
    expect(card.status).toBe('compliant');
  });

  it('rejects the whole file with every row error (row, column, message) and writes nothing', async () => {
    const good = code();
    const csv = [
      HEADER,
      `${good};Līga;Laba;DEMO-90000000001;sociālā darbiniece;social-worker;${today};;;;;;`,
      `123;Ivars;Slikts;DEMO-90000000001;sociālais darbinieks;social-worker;${today};;;;;;`,
      `${code()};Inga;Īsa;DEMO-90000000001;sociālā darbiniece;social-worker;${today};initial;${today};20;Pamati;Centrs;X-1`,
      `${code()};Olga;Cita;DEMO-90000000002;bāriņtiesas locekle;orphan-court-member;2026-02-30;;;;;;`,
    ].join('\n');
    const res = await upload(csv, 'kļūdas.csv');
    expect(res.status).toBe(422);
    const body = (await res.json()) as { rowErrors: { row: number; column: string; message: string }[] };
    expect(body.rowErrors.map((e) => [e.row, e.column])).toEqual([
      [3, 'Personas kods'],
      [4, 'Akadēmiskās stundas'],
      [5, 'Iestādes reģistrācijas numurs'],
      [5, 'Amatā no'],
    ]);
    expect(body.rowErrors.every((e) => e.message.length > 0)).toBe(true);
    expect(await stack.orm.em.fork().count(Specialist, { personalCode: good })).toBe(0);
  });

  it('imports XLSX and serves the template', async () => {
    const tpl = await stack.request('GET', '/api/v1/specialists/import/template', { token: hr });
    expect(tpl.status).toBe(200);
    expect(tpl.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await tpl.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('Personas kods');
    // Fill the template's sheet with a real row instead of the example.
    const c = code();
    sheet.spliceRows(2, 1, [
      c,
      'Marta',
      'Tabula',
      'DEMO-90000000001',
      'sociālā darbiniece',
      'social-worker',
      addMonthsClamped(today, -1),
    ]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const res = await upload(bytes, 'veidne.xlsx');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ rows: 1, specialistsCreated: 1 });
    const bad = await upload('just text', 'x.csv');
    expect(bad.status).toBe(422);
  });
});
