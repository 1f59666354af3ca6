/**
 * DCAT-AP metadata (JSON-LD) of the open datasets: one `dcat:Dataset` per dataset (its latest version, with the
 * CSV as `dcat:Distribution`, licence CC BY 4.0) and the catalogue of them all. The context maps the plain keys
 * (`title`, `distribution`, `downloadURL`, …) to DCAT, Dublin Core and SPDX terms.
 */
import { columnsOf, DATASETS, type DatasetDefinition } from '../../domain/open-data/datasets.js';
import type { PublishedVersion } from './queries.js';

export const LICENCE = 'https://creativecommons.org/licenses/by/4.0/';
export const OPEN_DATA_PATH = '/atvertie-dati';

const CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  spdx: 'http://spdx.org/rdf/terms#',
  owl: 'http://www.w3.org/2002/07/owl#',
  adms: 'http://www.w3.org/ns/adms#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  title: { '@id': 'dct:title', '@container': '@language' },
  description: { '@id': 'dct:description', '@container': '@language' },
  identifier: 'dct:identifier',
  issued: { '@id': 'dct:issued', '@type': 'xsd:dateTime' },
  modified: { '@id': 'dct:modified', '@type': 'xsd:dateTime' },
  license: { '@id': 'dct:license', '@type': '@id' },
  publisher: 'dct:publisher',
  name: 'foaf:name',
  dataset: 'dcat:dataset',
  distribution: 'dcat:distribution',
  downloadURL: { '@id': 'dcat:downloadURL', '@type': '@id' },
  accessURL: { '@id': 'dcat:accessURL', '@type': '@id' },
  mediaType: 'dcat:mediaType',
  format: { '@id': 'dct:format', '@type': '@id' },
  byteSize: { '@id': 'dcat:byteSize', '@type': 'xsd:nonNegativeInteger' },
  checksum: 'spdx:checksum',
  algorithm: { '@id': 'spdx:algorithm', '@type': '@id' },
  checksumValue: 'spdx:checksumValue',
  temporal: 'dct:temporal',
  startDate: { '@id': 'dcat:startDate', '@type': 'xsd:gYearMonth' },
  endDate: { '@id': 'dcat:endDate', '@type': 'xsd:gYearMonth' },
  spatial: { '@id': 'dct:spatial', '@type': '@id' },
  versionInfo: 'owl:versionInfo',
  versionNotes: 'adms:versionNotes',
  keyword: { '@id': 'dcat:keyword', '@container': '@language' },
  conformsTo: { '@id': 'dct:conformsTo', '@type': '@id' },
  landingPage: { '@id': 'dcat:landingPage', '@type': '@id' },
  isVersionOf: { '@id': 'dct:isVersionOf', '@type': '@id' },
};

const PUBLISHER = {
  '@type': 'foaf:Organization',
  name: 'Labklājības ministrija (Ministry of Welfare of the Republic of Latvia)',
};

export function csvPath(dataset: string, version: number): string {
  return `${OPEN_DATA_PATH}/${dataset}/v${version}.csv`;
}

function datasetNode(base: string, d: DatasetDefinition, v: PublishedVersion): Record<string, unknown> {
  const page = `${base}${OPEN_DATA_PATH}/${d.code}`;
  return {
    '@id': `${page}/v${v.version}`,
    '@type': 'dcat:Dataset',
    identifier: `${d.code}/v${v.version}`,
    isVersionOf: page,
    title: { lv: d.titleLv, en: d.titleEn },
    description: {
      lv: `${d.descriptionLv} Skaiti 1 un 2 netiek publicēti; sekundāri neatklātas arī šūnas, no kurām tos varētu aprēķināt.`,
      en: `${d.descriptionEn} Counts of 1 and 2 are withheld, and so are the cells they could be computed from.`,
    },
    keyword: {
      lv: ['sociālie pakalpojumi', 'pašvaldības', 'ATVK'],
      en: ['social services', 'municipalities', 'ATVK'],
    },
    publisher: PUBLISHER,
    license: LICENCE,
    issued: v.publishedAt.toISOString(),
    modified: v.publishedAt.toISOString(),
    versionInfo: String(v.version),
    ...(v.note ? { versionNotes: v.note } : {}),
    spatial: 'http://publications.europa.eu/resource/authority/country/LVA',
    temporal: { '@type': 'dct:PeriodOfTime', startDate: v.periodFrom, endDate: v.periodTo },
    landingPage: page,
    distribution: [
      {
        '@id': `${base}${csvPath(d.code, v.version)}#distribution`,
        '@type': 'dcat:Distribution',
        title: { lv: `${d.titleLv} (CSV)`, en: `${d.titleEn} (CSV)` },
        description: {
          lv: `Kolonnas: ${columnsOf(d)
            .map((c) => `${c.name} — ${c.lv}`)
            .join('; ')}.`,
          en: `Columns: ${columnsOf(d)
            .map((c) => `${c.name} — ${c.en}`)
            .join('; ')}.`,
        },
        downloadURL: `${base}${csvPath(d.code, v.version)}`,
        accessURL: page,
        mediaType: 'text/csv',
        format: 'http://publications.europa.eu/resource/authority/file-type/CSV',
        license: LICENCE,
        byteSize: v.sizeBytes,
        checksum: {
          '@type': 'spdx:Checksum',
          algorithm: 'spdx:checksumAlgorithm_sha256',
          checksumValue: v.sha256,
        },
        conformsTo: 'https://www.rfc-editor.org/rfc/rfc4180',
      },
    ],
  };
}

/** One dataset's DCAT-AP document (its latest version), or null before its first publication. */
export function datasetJsonLd(base: string, code: string, v: PublishedVersion): Record<string, unknown> {
  const d = DATASETS.find((x) => x.code === code)!;
  return { '@context': CONTEXT, ...datasetNode(base, d, v) };
}

export function catalogJsonLd(
  base: string,
  latest: ReadonlyMap<string, PublishedVersion>,
): Record<string, unknown> {
  return {
    '@context': CONTEXT,
    '@id': `${base}${OPEN_DATA_PATH}/catalog.jsonld`,
    '@type': 'dcat:Catalog',
    title: { lv: 'DigiSoc atvērtie dati', en: 'DigiSoc open data' },
    description: {
      lv: 'Sociālo dienestu statistika pēc pašvaldības (ATVK) un perioda, ar statistiskās atklāšanas kontroli.',
      en: 'Social-service statistics by municipality (ATVK) and period, with statistical disclosure control.',
    },
    publisher: PUBLISHER,
    license: LICENCE,
    dataset: DATASETS.filter((d) => latest.has(d.code)).map((d) => datasetNode(base, d, latest.get(d.code)!)),
  };
}
