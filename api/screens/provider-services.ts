/**
 * The provider's work list (`service_provider` role): the services of its municipality granted to its provider, with
 * the months still waiting for a delivery record. Each links to the service screen, where the provider's user sees
 * only the delivery part. Every view audited.
 */
import type { Hono, MiddlewareHandler } from 'hono';
import { servicesOfProvider } from '../../services/social-services/queries.js';
import { findServiceType } from '../../services/social-services/catalogue.js';
import { audit } from '../audit.js';
import type { AppEnv } from '../context.js';
import { langOf, page, tr, type ScreenKit } from './kit.js';
import { currentUser, loadSession, requireScreenPermission, requireSignIn, ScreenError } from './session.js';

export function registerProviderScreens(
  app: Hono<AppEnv>,
  kit: ScreenKit,
  lang: MiddlewareHandler<AppEnv>,
): void {
  app.get(
    '/provider/services',
    lang,
    loadSession(),
    requireSignIn(),
    requireScreenPermission('service:deliver'),
    async (c) => {
      const user = currentUser(c);
      if (!user || user.role !== 'service_provider' || !user.providerCode || !user.municipalityCode) {
        throw new ScreenError(403, 'forbidden');
      }
      const em = c.get('em');
      const rows = await servicesOfProvider(em, user.municipalityCode, user.providerCode);
      const names = new Map<string, string>();
      for (const code of new Set(rows.map((r) => r.serviceTypeCode))) {
        const t = await findServiceType(em, code);
        names.set(code, t ? t.definition.names[langOf(c)] : code);
      }
      await audit(c, {
        action: 'social-service.provider-list',
        resourceType: 'social-service',
        details: { provider: user.providerCode, count: rows.length },
      });
      return page(
        c,
        kit,
        'provider-services',
        { title: tr(c, kit, 'provider.title'), path: '/provider/services' },
        {
          providerCode: user.providerCode,
          services: rows.map((r) => ({
            href: `/cases/${r.caseId}/services/${r.id}`,
            type: names.get(r.serviceTypeCode) ?? r.serviceTypeCode,
            state: r.state,
            volume: r.volume === null || r.volume === undefined ? null : Number(r.volume),
            startDate: r.startDate,
            endDate: r.endDate,
            nextDeadline: r.nextDeadlineKind === 'delivery-record' ? r.nextDeadline : null,
          })),
        },
      );
    },
  );
}
