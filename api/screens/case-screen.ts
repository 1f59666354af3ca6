/**
 * `GET /cases/:id`: the case screen — client header (masked personal code), documents with their version history
 * and download links, the upload forms, and the timeline. Every view is audited like the API's reads.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  ALLOWED_CONTENT_TYPES,
  DOCUMENT_TYPE_CODES,
  UPLOADABLE_CONTENT_TYPES,
} from '../../domain/case-file/document-types.js';
import { displayNamesOf } from '../../services/users.js';
import { municipalityName } from '../../services/municipalities.js';
import { can } from '../../domain/access/roles.js';
import { caseTimeline, caseView, findPerson, type ICase } from '../../services/case-file.js';
import {
  listDocuments,
  versionsOfDocuments,
  versionView,
  type DocumentView,
} from '../../services/documents.js';
import { latestEvidence, startRegistryCheck } from '../../services/registry-checks.js';
import { meansTestSection } from './means-test.js';
import { socialServicesSection } from './social-services-section.js';
import { householdSection, householdSummary, type HouseholdFormState } from './household.js';
import { REGISTRY_INFO } from '../../activities/registries/registry-info.js';
import { diffInDays } from '../../domain/calendar.js';
import { rigaToday } from '../../infra/clock.js';
import type { AppEnv } from '../context.js';
import { audit } from '../audit.js';
import { visibleCaseOrNotFound } from './case-access.js';
import { megabytes } from './format.js';
import { langOf, page, tr, type ScreenKit } from './kit.js';
import {
  currentCsrf,
  currentUser,
  loadSession,
  requireCsrf,
  requireScreenPermission,
  setFlash,
  requireSignIn,
  ScreenError,
} from './session.js';

export type UploadField = 'title' | 'type' | 'file';

export interface UploadState {
  values?: { title?: string; type?: string };
  errors?: Partial<Record<UploadField | 'general', string>>;
  /** A failed "add a version": which document, and why. */
  versionError?: { documentId: string; message: string };
  /** A failed "add a household member": the values typed and the messages. */
  household?: HouseholdFormState;
  status?: ContentfulStatusCode;
}

const ACCEPT = [
  ...new Set([
    ...UPLOADABLE_CONTENT_TYPES.map((t) => `.${ALLOWED_CONTENT_TYPES[t]}`),
    '.jpeg',
    '.asice',
    '.sce',
  ]),
].join(',');

export { isUuid, visibleCaseOrNotFound } from './case-access.js';

function contentHref(caseId: string, documentId: string, version?: number): string {
  const base = `/api/v1/cases/${caseId}/documents/${documentId}/content`;
  return version === undefined ? base : `${base}?version=${version}`;
}

async function displayNames(
  c: Context<AppEnv>,
  kit: ScreenKit,
  usernames: string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(usernames)];
  const names = await displayNamesOf(c.get('em'), unique);
  const lang = langOf(c);
  for (const name of unique) {
    if (!names.has(name) && kit.translator.has(lang, `actor.${name}`))
      names.set(name, kit.translator.t(lang, `actor.${name}`));
  }
  return names;
}

function eventLabel(
  c: Context<AppEnv>,
  kit: ScreenKit,
  type: string,
  summary: string,
  data: unknown,
): string {
  const lang = langOf(c);
  const key = `event.${type}`;
  if (!kit.translator.has(lang, key)) return summary;
  const version = data && typeof data === 'object' && 'version' in data ? String(data.version) : '';
  return kit.translator.t(lang, key, { version });
}

/** Renders the case screen; upload routes pass their error state to re-render it with the messages in place. */
export async function renderCaseScreen(
  c: Context<AppEnv>,
  kit: ScreenKit,
  found: ICase,
  state: UploadState = {},
): Promise<Response> {
  const em = c.get('em');
  const person = await findPerson(em, found.personId);
  if (!person) throw new Error(`case ${found.id} names a person that does not exist`);
  const view = caseView(found, person);
  const municipality = await municipalityName(em, found.municipalityCode);
  const user = currentUser(c);
  const canReadDocuments = user ? can(user.role, 'document:read') : false;
  const canWriteDocuments = user ? can(user.role, 'document:write') : false;
  const events = await caseTimeline(em, found.id);
  const documents = canReadDocuments ? await listDocuments(em, found.id) : [];
  const versions = await versionsOfDocuments(
    em,
    documents.map((d) => d.id),
  );
  const names = await displayNames(c, kit, [
    found.openedBy,
    ...events.map((e) => e.actor),
    ...versions.map((v) => v.createdBy),
  ]);
  const nameOf = (username: string) => names.get(username) ?? username;

  await audit(c, {
    action: 'case.read',
    resourceType: 'case',
    resourceId: found.id,
    caseId: found.id,
    details: { via: 'screens' },
  });
  await audit(c, {
    action: 'case.events.read',
    resourceType: 'case',
    resourceId: found.id,
    caseId: found.id,
  });
  if (canReadDocuments) {
    await audit(c, {
      action: 'document.list',
      resourceType: 'case',
      resourceId: found.id,
      caseId: found.id,
      details: { count: documents.length },
    });
  }

  const canRefreshRegistries = user ? can(user.role, 'registry:refresh') : false;
  const today = rigaToday();
  const registries = (await latestEvidence(em, found.id)).map((e) => {
    const days = e.requestedAt ? diffInDays(today, rigaToday(e.requestedAt)) : null;
    return {
      code: e.registry,
      name: REGISTRY_INFO[e.registry].name,
      outcome: e.snapshotDocumentId ? 'ok' : (e.outcome ?? 'error'),
      receivedAt: e.requestedAt?.toISOString() ?? null,
      age:
        days === null
          ? ''
          : days === 0
            ? tr(c, kit, 'registry.age.today')
            : tr(c, kit, 'registry.age.days', { days }),
      href: e.snapshotDocumentId && canReadDocuments ? contentHref(found.id, e.snapshotDocumentId) : null,
    };
  });
  const titles = new Map(documents.map((d: DocumentView) => [d.id, d.title]));
  const csrf = encodeURIComponent(currentCsrf(c) ?? '');
  const errors = state.errors ?? {};
  const summary = [
    ...(errors.general ? [{ field: null, message: errors.general }] : []),
    ...(['title', 'type', 'file'] as const).flatMap((f) =>
      errors[f] ? [{ field: `upload-${f}`, message: errors[f] }] : [],
    ),
    ...(state.versionError
      ? [{ field: `version-file-${state.versionError.documentId}`, message: state.versionError.message }]
      : []),
    ...householdSummary(state.household),
  ];
  const maxMb = kit.translator.number(langOf(c), megabytes(kit.uploadMaxBytes), 1);
  return page(
    c,
    kit,
    'case',
    {
      title: tr(c, kit, 'case.title', { number: view.number }),
      path: `/cases/${found.id}`,
      status: state.status,
    },
    {
      case: view,
      canReadDocuments,
      canWriteDocuments,
      canRefreshRegistries,
      registries,
      registryRefreshAction: `/cases/${found.id}/registry-checks`,
      household: await householdSection(c, found, state.household),
      meansTest: await meansTestSection(c, kit, found),
      socialServices: await socialServicesSection(c, kit, found),
      csrfToken: currentCsrf(c) ?? '',
      municipalityName: municipality,
      openedByName: nameOf(view.openedBy),
      documents: documents.map((d) => ({
        ...d,
        href: contentHref(found.id, d.id),
        versionAction: `/cases/${found.id}/documents/${d.id}/versions?_csrf=${csrf}`,
        historyOpen: state.versionError?.documentId === d.id,
        versionError: state.versionError?.documentId === d.id ? state.versionError.message : null,
        versions: versions
          .filter((v) => v.documentId === d.id)
          .map((v) => ({
            ...versionView(v),
            createdByName: nameOf(v.createdBy),
            href: contentHref(found.id, d.id, v.version),
          })),
      })),
      events: [...events].reverse().map((e) => ({
        type: e.type,
        occurredAt: e.occurredAt.toISOString(),
        label: eventLabel(c, kit, e.type, e.summary, e.data),
        detail: e.documentId ? (titles.get(e.documentId) ?? null) : null,
        actorName: nameOf(e.actor),
      })),
      upload: { values: state.values ?? {}, errors },
      summary,
      documentTypes: DOCUMENT_TYPE_CODES.map((code) => ({ code, selected: state.values?.type === code })),
      uploadAction: `/cases/${found.id}/documents?_csrf=${csrf}`,
      accept: ACCEPT,
      maxBytes: kit.uploadMaxBytes,
      maxMb,
      tooLargeMessage: tr(c, kit, 'upload.error.tooLarge', { max: maxMb }),
    },
  );
}

export function registerCaseScreen(app: Hono<AppEnv>, kit: ScreenKit, lang: MiddlewareHandler<AppEnv>): void {
  app.post(
    '/cases/:id/registry-checks',
    lang,
    loadSession(),
    requireSignIn(),
    requireCsrf(),
    requireScreenPermission('registry:refresh'),
    async (c) => {
      const found = await visibleCaseOrNotFound(c, c.req.param('id'), 'registry-check.start');
      const user = currentUser(c);
      if (!user) throw new ScreenError(403, 'forbidden');
      const { config, temporal } = c.get('deps');
      await startRegistryCheck(
        { em: c.get('em'), client: temporal.client, config },
        { ...user, requestId: c.get('requestId') },
        found,
      );
      setFlash(c, 'registry-check-started', kit.secureCookies);
      return c.redirect(`/cases/${found.id}#registries`, 303);
    },
  );

  app.get(
    '/cases/:id',
    lang,
    loadSession(),
    requireSignIn(),
    requireScreenPermission('case:read'),
    async (c) => {
      const found = await visibleCaseOrNotFound(c, c.req.param('id'), 'case.read');
      return renderCaseScreen(c, kit, found);
    },
  );
}
