import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * One published version of an open dataset (issue 23): the CSV lives in the open-data bucket under `objectKey`,
 * never overwritten; a correction is a new version with a note. The (dataset, version) pair is unique, so two
 * publications at once cannot both write version N.
 */
export const OpenDataVersion = defineEntity({
  name: 'OpenDataVersion',
  tableName: 'open_data_versions',
  uniques: [{ properties: ['dataset', 'version'] }],
  properties: {
    id: p.string().length(36).primary(),
    dataset: p.string().length(60),
    version: p.integer(),
    /** The release (one disclosure-control run over every dataset) this version belongs to. */
    releaseId: p.string().length(36).index(),
    objectKey: p.string().length(200),
    sha256: p.string().length(64),
    sizeBytes: p.integer(),
    rowCount: p.integer(),
    withheldCells: p.integer(),
    /** The periods the data covers: first and last `YYYY-MM`. */
    periodFrom: p.string().length(7),
    periodTo: p.string().length(7),
    note: p.string().length(500).nullable(),
    publishedAt: p.datetime(),
    publishedBy: p.string().length(100),
  },
});
export type IOpenDataVersion = InferEntity<typeof OpenDataVersion>;
