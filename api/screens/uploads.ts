/**
 * `POST /cases/:id/documents` and `POST /cases/:id/documents/:docId/versions`: the upload forms of the case
 * screen. The same streaming path as the API (`receiveUpload`: sniffed, size-limited, straight to MinIO) and the
 * same no-orphans write (`commitOrRemove`); success redirects back with a flash, failure re-renders the case screen
 * with a readable message (413 too large, 415 type not accepted, 422 missing title/type/file, 503 storage down).
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { DOCUMENT_TYPE_CODES } from '../../domain/case-file/document-types.js';
import {
  commitOrRemove,
  findCaseDocument,
  ObjectStoreUnavailableError,
  recordNewDocument,
  recordNewVersion,
} from '../../services/documents.js';
import { wakeServicesWaitingForDocuments } from '../routes/documents.js';
import type { AppEnv } from '../context.js';
import { auditActor } from '../audit.js';
import { receiveUpload, type ReceivedUpload } from '../multipart.js';
import { HttpProblem } from '../problem.js';
import { megabytes } from './format.js';
import { langOf, tr, type ScreenKit } from './kit.js';
import { isUuid, renderCaseScreen, visibleCaseOrNotFound, type UploadField } from './case-screen.js';
import {
  loadSession,
  requireCsrf,
  requireScreenPermission,
  requireSignIn,
  ScreenError,
  setFlash,
} from './session.js';

const UploadFields = z.object({
  title: z.string().trim().min(1, 'required').max(300, 'tooLong'),
  type: z.enum(DOCUMENT_TYPE_CODES),
});

interface UploadFailure {
  status: ContentfulStatusCode;
  field: UploadField | 'general';
  message: string;
}

/** Maps a failed `receiveUpload` to the message the user reads; rethrows what is not an upload problem. */
function uploadFailure(c: Context<AppEnv>, kit: ScreenKit, err: unknown): UploadFailure {
  if (err instanceof ObjectStoreUnavailableError) {
    c.get('deps').logger.error({ err: err.message }, 'object storage unavailable (screen upload)');
    return { status: 503, field: 'general', message: tr(c, kit, 'upload.error.storage') };
  }
  if (!(err instanceof HttpProblem)) throw err;
  const max = kit.translator.number(langOf(c), megabytes(kit.uploadMaxBytes), 1);
  switch (err.status) {
    case 413:
      return { status: 413, field: 'file', message: tr(c, kit, 'upload.error.tooLarge', { max }) };
    case 415:
      return { status: 415, field: 'file', message: tr(c, kit, 'upload.error.type') };
    case 422:
      return { status: 422, field: 'file', message: tr(c, kit, 'upload.error.fileRequired') };
    case 400:
      return { status: 400, field: 'general', message: tr(c, kit, 'upload.error.unreadable') };
    default:
      throw err;
  }
}

async function receive(c: Context<AppEnv>): Promise<ReceivedUpload> {
  const { store, config } = c.get('deps');
  return receiveUpload(c, { store, maxBytes: config.uploadMaxBytes });
}

function fieldValues(fields: Record<string, string>): { title: string; type: string } {
  return { title: fields.title ?? '', type: fields.type ?? '' };
}

export function registerUploads(app: Hono<AppEnv>, kit: ScreenKit, lang: MiddlewareHandler<AppEnv>): void {
  const guards = [
    lang,
    loadSession(),
    requireSignIn(),
    requireScreenPermission('document:write'),
    requireCsrf(),
  ] as const;

  app.post('/cases/:id/documents', ...guards, async (c) => {
    const found = await visibleCaseOrNotFound(c, c.req.param('id'), 'document.create');
    let upload: ReceivedUpload;
    try {
      upload = await receive(c);
    } catch (err) {
      const failure = uploadFailure(c, kit, err);
      return renderCaseScreen(c, kit, found, {
        status: failure.status,
        errors: { [failure.field]: failure.message },
      });
    }
    const { store } = c.get('deps');
    const parsed = UploadFields.safeParse(upload.fields);
    if (!parsed.success) {
      await store.removeAllVersions(upload.stored.key).catch(() => undefined);
      const errors: Partial<Record<UploadField, string>> = {};
      for (const issue of parsed.error.issues) {
        const name = issue.path[0];
        if (name === 'title') {
          errors.title = tr(
            c,
            kit,
            issue.message === 'tooLong' ? 'upload.error.titleTooLong' : 'upload.error.titleRequired',
          );
        }
        if (name === 'type') errors.type = tr(c, kit, 'upload.error.typeRequired');
      }
      return renderCaseScreen(c, kit, found, { status: 422, errors, values: fieldValues(upload.fields) });
    }
    const actor = auditActor(c);
    try {
      await commitOrRemove(c.get('em'), store, upload.stored, (tx) =>
        recordNewDocument(tx, upload.stored, {
          caseId: found.id,
          title: parsed.data.title,
          type: parsed.data.type,
          source: 'upload',
          fileName: upload.fileName,
          contentType: upload.contentType,
          actor: actor.actor,
          audit: actor,
        }),
      );
      await wakeServicesWaitingForDocuments(c, found.id);
    } catch (err) {
      const failure = uploadFailure(c, kit, err);
      return renderCaseScreen(c, kit, found, {
        status: failure.status,
        errors: { [failure.field]: failure.message },
        values: fieldValues(upload.fields),
      });
    }
    setFlash(c, 'document-added', kit.secureCookies);
    return c.redirect(`/cases/${found.id}#documents`, 303);
  });

  app.post('/cases/:id/documents/:docId/versions', ...guards, async (c) => {
    const found = await visibleCaseOrNotFound(c, c.req.param('id'), 'document.version.create');
    const docId = c.req.param('docId');
    if (!isUuid(docId)) throw new ScreenError(404, 'not-found');
    const em = c.get('em');
    const existing = await findCaseDocument(em, found.id, docId);
    if (!existing) throw new ScreenError(404, 'not-found');
    let upload: ReceivedUpload;
    try {
      upload = await receive(c);
    } catch (err) {
      const failure = uploadFailure(c, kit, err);
      return renderCaseScreen(c, kit, found, {
        status: failure.status,
        versionError: { documentId: docId, message: failure.message },
      });
    }
    const { store } = c.get('deps');
    const actor = auditActor(c);
    try {
      await commitOrRemove(em, store, upload.stored, (tx) =>
        recordNewVersion(tx, upload.stored, {
          documentId: docId,
          fileName: upload.fileName,
          contentType: upload.contentType,
          actor: actor.actor,
          audit: actor,
        }),
      );
    } catch (err) {
      const failure = uploadFailure(c, kit, err);
      return renderCaseScreen(c, kit, found, {
        status: failure.status,
        versionError: { documentId: docId, message: failure.message },
      });
    }
    setFlash(c, 'version-added', kit.secureCookies);
    return c.redirect(`/cases/${found.id}#document-${docId}`, 303);
  });
}
