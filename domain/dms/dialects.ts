/**
 * The two webhook dialects (see docs/dms-integration.md) and their normalisation into one internal shape.
 * Namejs sends camelCase JSON with a `document` envelope; Lietvaris/ELISS sends Latvian snake_case fields.
 */
import { z } from 'zod';
import type { DmsSystem } from './systems.js';

const atvk = z.string().regex(/^\d{7}$/, 'expected a 7-digit ATVK code');
const personalCode = z.string().regex(/^\d{6}-?\d{5}$/, 'expected a personal code DDMMYY-NNNNN');
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64');

export const namejsDocumentSchema = z.object({
  eventType: z.literal('document.registered'),
  document: z.object({
    id: z.string().min(1).max(100),
    registrationNumber: z.string().min(1).max(100),
    registeredAt: z.iso.datetime({ offset: true }),
    documentType: z.string().min(1).max(60),
    title: z.string().min(1).max(300),
    institution: z.object({ atvk, name: z.string().max(200).optional() }),
    author: z.object({
      personalCode,
      firstName: z.string().min(1).max(100),
      lastName: z.string().min(1).max(100),
    }),
    files: z
      .array(
        z.object({
          fileName: z.string().min(1).max(255),
          mimeType: z.string().max(150).optional(),
          contentBase64: base64,
        }),
      )
      .max(20)
      .default([]),
  }),
});
export type NamejsDocument = z.infer<typeof namejsDocumentSchema>;

export const lietvarisDocumentSchema = z.object({
  dok_id: z.union([z.number().int().positive(), z.string().min(1).max(100)]),
  reg_nr: z.string().min(1).max(100),
  reg_datums: z.iso.date(),
  pasvaldiba_atvk: atvk,
  dok_veids: z.string().min(1).max(60),
  nosaukums: z.string().min(1).max(300),
  iesniedzejs: z.object({
    pers_kods: personalCode,
    vards: z.string().min(1).max(100),
    uzvards: z.string().min(1).max(100),
  }),
  pielikumi: z
    .array(z.object({ nosaukums: z.string().min(1).max(255), saturs_base64: base64 }))
    .max(20)
    .default([]),
});
export type LietvarisDocument = z.infer<typeof lietvarisDocumentSchema>;

/** One incoming application, whichever DMS sent it. */
export interface NormalisedApplication {
  system: DmsSystem;
  dmsDocumentId: string;
  registrationNumber: string;
  registeredAt: string;
  municipalityCode: string;
  documentType: string;
  title: string;
  applicant: { personalCode: string; firstName: string; lastName: string };
  files: { fileName: string; contentBase64: string }[];
}

/** Where each dialect names the municipality (the field path of an error about it). */
export const MUNICIPALITY_FIELD: Readonly<Record<DmsSystem, string>> = {
  namejs: 'document.institution.atvk',
  lietvaris: 'pasvaldiba_atvk',
};

export type ParseResult =
  | { ok: true; application: NormalisedApplication }
  | { ok: false; errors: { path: string; message: string }[] };

function errorsOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
}

export function parseDmsDocument(system: DmsSystem, body: unknown): ParseResult {
  if (system === 'namejs') {
    const r = namejsDocumentSchema.safeParse(body);
    if (!r.success) return { ok: false, errors: errorsOf(r.error) };
    const d = r.data.document;
    return {
      ok: true,
      application: {
        system,
        dmsDocumentId: d.id,
        registrationNumber: d.registrationNumber,
        registeredAt: d.registeredAt,
        municipalityCode: d.institution.atvk,
        documentType: d.documentType,
        title: d.title,
        applicant: {
          personalCode: d.author.personalCode,
          firstName: d.author.firstName,
          lastName: d.author.lastName,
        },
        files: d.files.map((f) => ({ fileName: f.fileName, contentBase64: f.contentBase64 })),
      },
    };
  }
  const r = lietvarisDocumentSchema.safeParse(body);
  if (!r.success) return { ok: false, errors: errorsOf(r.error) };
  const d = r.data;
  return {
    ok: true,
    application: {
      system,
      dmsDocumentId: String(d.dok_id),
      registrationNumber: d.reg_nr,
      registeredAt: `${d.reg_datums}T00:00:00+02:00`,
      municipalityCode: d.pasvaldiba_atvk,
      documentType: d.dok_veids,
      title: d.nosaukums,
      applicant: {
        personalCode: d.iesniedzejs.pers_kods,
        firstName: d.iesniedzejs.vards,
        lastName: d.iesniedzejs.uzvards,
      },
      files: d.pielikumi.map((f) => ({ fileName: f.nosaukums, contentBase64: f.saturs_base64 })),
    },
  };
}

/** Workflow id of the intake of one DMS document: stable, so a redelivery cannot start a second one. */
export function intakeWorkflowId(system: DmsSystem, dmsDocumentId: string): string {
  return `dms-intake-${system}-${encodeURIComponent(dmsDocumentId)}`;
}
