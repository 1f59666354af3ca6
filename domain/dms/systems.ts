/** The document management systems DigiSoc integrates with, and which one each municipality runs (demo data). */
export const DMS_SYSTEMS = ['namejs', 'lietvaris'] as const;
export type DmsSystem = (typeof DMS_SYSTEMS)[number];

export const DMS_SYSTEM_NAMES: Readonly<Record<DmsSystem, string>> = {
  namejs: 'Namejs',
  lietvaris: 'Lietvaris/ELISS',
};

export function isDmsSystem(value: string): value is DmsSystem {
  return (DMS_SYSTEMS as readonly string[]).includes(value);
}

/**
 * Which DMS a municipality registers its documents in. Project data for the local run; a municipality absent here
 * uses Lietvaris/ELISS.
 */
export const MUNICIPALITY_DMS: Readonly<Record<string, DmsSystem>> = {
  '0001000': 'namejs', // Rīga
  '0026000': 'lietvaris', // Cēsu novads
};

export function dmsSystemOf(municipalityCode: string): DmsSystem {
  return MUNICIPALITY_DMS[municipalityCode] ?? 'lietvaris';
}

/** Signature header and replay window of every webhook in both directions. */
export const SIGNATURE_HEADER = 'x-digisoc-signature';
export const TIMESTAMP_HEADER = 'x-digisoc-timestamp';
export const SIGNATURE_MAX_SKEW_SECONDS = 5 * 60;
