/**
 * `/e-pakalpojumi/pieteikumi` — "Mani pieteikumi un lēmumi": the person's and their minor children's means-test
 * statuses and applications and social-service requests, each with its state, deadline and next step in plain
 * language; decisions and letters download from `/e-pakalpojumi/dokumenti/{id}`.
 */
import type { Context, Hono } from 'hono';
import { rigaToday } from '../../infra/clock.js';
import {
  applicationsOf,
  auditApplicationsRead,
  citizenDocument,
  type PortalPerson,
} from '../../services/citizen/applications.js';
import { minorChildren } from '../../services/citizen/family.js';
import type { AppDeps, AppEnv } from '../context.js';
import { formatDate, formatDateTime } from './format.js';
import { langOf, tr, type ScreenKit } from './kit.js';
import { citizenOf, PORTAL, PortalError, portalPage, requireCitizen } from './portal-kit.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function peopleOf(
  c: Context<AppEnv>,
  deps: AppDeps,
): Promise<{ people: PortalPerson[]; available: boolean }> {
  const citizen = citizenOf(c);
  const { children, available } = await minorChildren(c.get('em'), deps.config, citizen, {
    today: rigaToday(deps.clock.now()),
    requestId: c.get('requestId'),
  });
  return {
    people: [
      {
        personalCode: citizen.personalCode,
        firstName: citizen.givenName,
        lastName: citizen.familyName,
        self: true,
      },
      ...children.map((ch) => ({
        personalCode: ch.personalCode,
        firstName: ch.firstName,
        lastName: ch.lastName,
        self: false,
      })),
    ],
    available,
  };
}

export function registerApplications(app: Hono<AppEnv>, kit: ScreenKit, deps: AppDeps): void {
  app.get('/pieteikumi', requireCitizen(), async (c) => {
    const lang = langOf(c);
    const t = (key: string, params?: Record<string, string>) => kit.translator.t(lang, key, params);
    const d = (value: string | null) => (value ? formatDate(value, lang) : '');
    const { people, available } = await peopleOf(c, deps);
    const sections = await applicationsOf(c.get('em'), people);
    await auditApplicationsRead(c.get('em'), citizenOf(c), {
      children: people.length - 1,
      requestId: c.get('requestId'),
    });
    const model = sections.map((s, i) => {
      const inForce = s.meansTests.find(
        (m) => m.status && m.status !== 'not-eligible' && (m.state === 'active' || m.state === 'expiring'),
      );
      return {
        id: `person-${i}`,
        heading: s.person.self
          ? t('portal.apps.mine')
          : t('portal.apps.child', { name: `${s.person.firstName} ${s.person.lastName}` }),
        inForce: inForce
          ? {
              status: t(`meansTest.status.${inForce.status}`),
              validity: t('portal.apps.validity', { from: d(inForce.validFrom), to: d(inForce.validTo) }),
              gmi:
                inForce.gmiBenefitEur && inForce.gmiBenefitEur > 0
                  ? t('portal.apps.gmi', { amount: kit.translator.number(lang, inForce.gmiBenefitEur, 2) })
                  : null,
            }
          : null,
        items: [
          ...s.meansTests.map((m) => ({
            kind: t('portal.apps.kind.meansTest'),
            institution: t('portal.access.institution.social-service', { municipality: m.municipality }),
            submitted: d(m.applicationDate),
            state: t(`portal.apps.mt.state.${m.state}`),
            next: t(`portal.apps.mt.next.${m.state}`, {
              deadline: d(m.decisionDeadline),
              validTo: d(m.validTo),
            }),
          })),
          ...s.services.map((sv) => ({
            kind: sv.serviceName[lang],
            institution: t('portal.access.institution.social-service', { municipality: sv.municipality }),
            submitted: d(sv.requestedAt),
            state: t(`portal.apps.ss.state.${sv.state}`),
            next: t(`portal.apps.ss.next.${sv.state}`, {
              deadline: d(sv.decisionDeadline),
              next: d(sv.nextDeadline),
            }),
          })),
        ],
        letters: s.letters.map((l) => ({
          href: `${PORTAL}/dokumenti/${l.id}`,
          title: l.title,
          type: t(`documentType.${l.type}`),
          at: formatDateTime(l.createdAt, lang),
        })),
      };
    });
    return portalPage(
      c,
      kit,
      'portal-applications',
      { title: tr(c, kit, 'portal.apps.title'), path: `${PORTAL}/pieteikumi` },
      { sections: model, familyUnavailable: !available },
    );
  });

  app.get('/dokumenti/:id', requireCitizen(), async (c) => {
    const id = c.req.param('id');
    if (!UUID.test(id)) throw new PortalError(404, 'not-found');
    const { people } = await peopleOf(c, deps);
    const file = await citizenDocument(c.get('em'), deps.store, citizenOf(c), people, id, c.get('requestId'));
    if (!file) throw new PortalError(404, 'not-found');
    c.header('Content-Type', file.contentType);
    c.header(
      'Content-Disposition',
      `attachment; filename="document"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    );
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(new Uint8Array(file.body));
  });
}
