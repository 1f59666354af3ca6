/**
 * `GET /specialists/export.csv`: the register as filtered on the screen (BAC: any organisation; HR: its own), as CSV
 * for a spreadsheet — personal codes masked, formula-like cells escaped, the export audited.
 */
import type { Context } from 'hono';
import { csvDocument } from '../../infra/csv.js';
import { rigaToday } from '../../infra/clock.js';
import { exportSpecialists } from '../../services/specialists/queries.js';
import type { SpecialistActor } from '../../services/specialists/scope.js';
import type { AppEnv } from '../context.js';
import { SpecialistListQuery } from '../schemas/specialists.js';
import { tr, type ScreenKit } from './kit.js';

export async function specialistsCsv(
  c: Context<AppEnv>,
  kit: ScreenKit,
  actor: SpecialistActor,
): Promise<Response> {
  const parsed = SpecialistListQuery.safeParse(c.req.query());
  // An invalid filter exports the unfiltered list, as the screen shows it.
  const f = parsed.success ? parsed.data : undefined;
  const today = rigaToday();
  const items = await exportSpecialists(
    c.get('em'),
    actor,
    {
      organisationId: f?.organisationId,
      status: f?.status,
      dueBefore: f?.dueBefore,
      municipalityAtvk: f?.municipalityAtvk,
      q: f?.q,
    },
    today,
  );
  const header = ['name', 'personalCode', 'organisation', 'position', 'status', 'dueBy'].map((k) =>
    tr(c, kit, `specialists.${k}`),
  );
  const rows = items.map((s) => [
    `${s.firstName} ${s.lastName}`,
    s.personalCodeMasked,
    s.organisationName,
    s.position,
    tr(c, kit, `specialists.status.${s.status}`),
    s.initialDueBy ?? s.refresherDueBy ?? '',
  ]);
  // The byte-order mark lets spreadsheets read the file as UTF-8 (Latvian letters).
  return c.body(`\uFEFF${csvDocument([header, ...rows])}`, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="specialisti-${today}.csv"`,
    'Cache-Control': 'no-store',
  });
}
