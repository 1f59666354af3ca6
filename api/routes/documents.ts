/**
 * Case-file documents: multipart upload (streamed to MinIO), list, download with ETag, versions.
 * Upload routes are registered in the OpenAPI document by hand because their bodies are parsed as streams.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { DOCUMENT_TYPE_CODES } from '../../domain/case-file/document-types.js';
import { notifyServicesOfDocument } from '../../services/social-services/commands.js';
import {
  commitOrRemove,
  findDocumentVersion,
  ChecksumMismatchError,
  findCaseDocument,
  listDocuments,
  listVersions,
  readVerifiedVersion,
  recordNewDocument,
  recordNewVersion,
  versionView,
} from '../../services/documents.js';
import type { AppEnv } from '../context.js';
import { authenticate, requirePermission } from '../middleware/auth.js';
import { contentDisposition, receiveUpload } from '../multipart.js';
import { HttpProblem, zodFieldErrors } from '../problem.js';
import { problemResponses, ProblemSchema } from '../schemas.js';
import { audit, auditActor } from '../audit.js';
import { visibleCaseOr404 } from './cases.js';

export const DocumentSchema = z
  .object({
    id: z.string(),
    caseId: z.string(),
    title: z.string(),
    type: z.string(),
    source: z.string(),
    version: z.number().int(),
    sha256: z.string(),
    size: z.number().int(),
    contentType: z.string(),
    fileName: z.string(),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    dmsRegistrationNumber: z.string().nullable(),
  })
  .openapi('Document');

const VersionSchema = z
  .object({
    version: z.number().int(),
    sha256: z.string(),
    size: z.number().int(),
    contentType: z.string(),
    fileName: z.string(),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .openapi('DocumentVersion');

const UploadFields = z.object({
  title: z.string().trim().min(1, 'required').max(300),
  type: z.enum(DOCUMENT_TYPE_CODES),
});

const CaseParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const DocParam = CaseParam.extend({ docId: z.uuid().openapi({ param: { name: 'docId', in: 'path' } }) });

const uploadDoc = {
  tags: ['Documents'],
  security: [{ bearer: [] as string[] }],
  request: {
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: z.object({
            file: z.string().openapi({ type: 'string', format: 'binary' }),
            title: z.string(),
            type: z.enum(DOCUMENT_TYPE_CODES),
          }),
        },
      },
    },
  },
  responses: {
    201: {
      description: 'Stored',
      content: {
        'application/json': {
          schema: z.object({
            id: z.string(),
            version: z.number(),
            sha256: z.string(),
            size: z.number(),
            contentType: z.string(),
            fileName: z.string().openapi({ description: 'The file name as stored: Unicode NFC' }),
          }),
        },
      },
    },
    400: {
      description: 'The multipart body could not be read (no boundary, a broken part)',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    413: { description: 'Too large', content: { 'application/problem+json': { schema: ProblemSchema } } },
    415: {
      description: 'Type not accepted',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    503: { description: 'Storage down', content: { 'application/problem+json': { schema: ProblemSchema } } },
    ...problemResponses,
  },
};

const listRoute = createRoute({
  method: 'get',
  path: '/{id}/documents',
  tags: ['Documents'],
  summary: 'Documents of a case (latest version of each)',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('document:read')] as const,
  request: { params: CaseParam },
  responses: {
    200: { description: 'Documents', content: { 'application/json': { schema: z.array(DocumentSchema) } } },
    ...problemResponses,
  },
});

const versionsRoute = createRoute({
  method: 'get',
  path: '/{id}/documents/{docId}/versions',
  tags: ['Documents'],
  summary: 'All versions of a document',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('document:read')] as const,
  request: { params: DocParam },
  responses: {
    200: { description: 'Versions', content: { 'application/json': { schema: z.array(VersionSchema) } } },
    ...problemResponses,
  },
});

const contentRoute = createRoute({
  method: 'get',
  path: '/{id}/documents/{docId}/content',
  tags: ['Documents'],
  summary: 'Download the latest version, or ?version=N',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('document:read')] as const,
  request: {
    params: DocParam,
    query: z.object({ version: z.coerce.number().int().min(1).optional() }),
  },
  responses: {
    200: { description: 'The bytes, verified against their SHA-256' },
    304: { description: 'Not modified (If-None-Match)' },
    ...problemResponses,
  },
});

function validateFields(fields: Record<string, string>) {
  const parsed = UploadFields.safeParse(fields);
  if (!parsed.success)
    throw new HttpProblem(422, 'the upload is not valid', { errors: zodFieldErrors(parsed.error) });
  return parsed.data;
}

/** A new document may be the one a social service waits for (best effort: the service re-checks on its task too). */
export async function wakeServicesWaitingForDocuments(c: Context<AppEnv>, caseId: string): Promise<void> {
  try {
    await notifyServicesOfDocument({ em: c.get('em').fork(), client: c.get('deps').temporal.client }, caseId);
  } catch (err) {
    c.get('deps').logger.warn({ err, caseId }, 'could not notify social services of a new document');
  }
}

async function uploadNew(c: Context<AppEnv>) {
  const caseId = c.req.param('id') ?? '';
  if (!z.uuid().safeParse(caseId).success) throw new HttpProblem(404, 'no such case');
  await visibleCaseOr404(c, caseId, 'document.create');
  const { store, config } = c.get('deps');
  const upload = await receiveUpload(c, { store, maxBytes: config.uploadMaxBytes });
  let fields;
  try {
    fields = validateFields(upload.fields);
  } catch (err) {
    await store.removeAllVersions(upload.stored.key).catch(() => undefined);
    throw err;
  }
  const actor = auditActor(c);
  const { document, version } = await commitOrRemove(c.get('em'), store, upload.stored, (tx) =>
    recordNewDocument(tx, upload.stored, {
      caseId,
      title: fields.title,
      type: fields.type,
      source: 'upload',
      fileName: upload.fileName,
      contentType: upload.contentType,
      actor: actor.actor,
      audit: actor,
    }),
  );
  await wakeServicesWaitingForDocuments(c, caseId);
  return c.json(
    {
      id: document.id,
      version: version.version,
      sha256: version.sha256,
      size: Number(version.size),
      contentType: version.contentType,
      fileName: version.fileName,
    },
    201,
  );
}

async function uploadVersion(c: Context<AppEnv>) {
  const caseId = c.req.param('id') ?? '';
  const docId = c.req.param('docId') ?? '';
  if (!z.uuid().safeParse(caseId).success || !z.uuid().safeParse(docId).success) {
    throw new HttpProblem(404, 'no such document');
  }
  await visibleCaseOr404(c, caseId, 'document.version.create');
  const em = c.get('em');
  const existing = await findCaseDocument(em, caseId, docId);
  if (!existing) throw new HttpProblem(404, 'no such document');
  const { store, config } = c.get('deps');
  const upload = await receiveUpload(c, { store, maxBytes: config.uploadMaxBytes });
  const actor = auditActor(c);
  const { version } = await commitOrRemove(em, store, upload.stored, (tx) =>
    recordNewVersion(tx, upload.stored, {
      documentId: docId,
      fileName: upload.fileName,
      contentType: upload.contentType,
      actor: actor.actor,
      audit: actor,
    }),
  );
  return c.json(
    {
      id: docId,
      version: version.version,
      sha256: version.sha256,
      size: Number(version.size),
      contentType: version.contentType,
      fileName: version.fileName,
    },
    201,
  );
}

export function documentsRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/{id}/documents',
    summary: 'Upload a document (multipart: file, title, type); streamed to MinIO, type sniffed from content',
    ...uploadDoc,
    request: { ...uploadDoc.request, params: CaseParam },
  });
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/{id}/documents/{docId}/versions',
    summary: 'Add a new version of a document (multipart: file); earlier versions are kept',
    ...uploadDoc,
    // A new version is only a file: title and type stay the document's.
    request: {
      params: DocParam,
      body: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: z.object({ file: z.string().openapi({ type: 'string', format: 'binary' }) }),
          },
        },
      },
    },
  });
  app.post('/:id/documents', authenticate(), requirePermission('document:write'), uploadNew);
  app.post(
    '/:id/documents/:docId/versions',
    authenticate(),
    requirePermission('document:write'),
    uploadVersion,
  );

  app.openapi(listRoute, async (c) => {
    const { id } = c.req.valid('param');
    await visibleCaseOr404(c, id, 'document.list');
    const docs = await listDocuments(c.get('em'), id);
    await audit(c, {
      action: 'document.list',
      resourceType: 'case',
      resourceId: id,
      caseId: id,
      details: { count: docs.length },
    });
    return c.json(docs, 200);
  });

  app.openapi(versionsRoute, async (c) => {
    const { id, docId } = c.req.valid('param');
    await visibleCaseOr404(c, id, 'document.versions.read');
    const found = await findDocumentVersion(c.get('em'), id, docId);
    if (!found || found.document.restricted) throw new HttpProblem(404, 'no such document');
    const versions = await listVersions(c.get('em'), docId);
    await audit(c, {
      action: 'document.versions.read',
      resourceType: 'document',
      resourceId: docId,
      caseId: id,
    });
    return c.json(versions.map(versionView), 200);
  });

  app.openapi(contentRoute, async (c) => {
    const { id, docId } = c.req.valid('param');
    const { version } = c.req.valid('query');
    const kase = await visibleCaseOr404(c, id, 'document.content.read');
    const found = await findDocumentVersion(c.get('em'), id, docId, version);
    if (!found || found.document.restricted) throw new HttpProblem(404, 'no such document or version');
    const etag = `"${found.version.sha256}"`;
    await audit(c, {
      action: 'document.content.read',
      resourceType: 'document',
      resourceId: docId,
      caseId: id,
      details: { version: found.version.version },
    });
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, { ETag: etag });
    const { store, logger } = c.get('deps');
    let body: Buffer;
    try {
      body = await readVerifiedVersion(c.get('em'), store, {
        caseId: id,
        municipalityCode: kase.municipalityCode,
        version: found.version,
      });
    } catch (err) {
      if (!(err instanceof ChecksumMismatchError)) throw err;
      logger.error(
        { documentId: docId, version: found.version.version },
        'document failed its integrity check',
      );
      await audit(c, {
        action: 'document.integrity-failed',
        resourceType: 'document',
        resourceId: docId,
        caseId: id,
        outcome: 'error',
        details: { version: found.version.version },
      });
      throw new HttpProblem(
        500,
        'the stored document does not match its SHA-256 checksum; it is not served and an integrity alert was raised',
        {
          type: 'https://digisoc.lm.gov.lv/problems/document-integrity',
          documentId: docId,
          version: found.version.version,
        },
      );
    }
    c.header('Content-Type', found.version.contentType);
    c.header('Content-Length', String(body.length));
    c.header('ETag', etag);
    c.header('Content-Disposition', contentDisposition(found.version.fileName));
    c.header('Cache-Control', 'private, no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(new Uint8Array(body), 200);
  });
  return app;
}
