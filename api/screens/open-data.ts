/**
 * Open data (issue 23), public — no sign-in: `/atvertie-dati` lists the datasets, each has a page with its columns
 * and versions, its DCAT-AP metadata (JSON-LD) and immutable CSV versions; `/atvertie-dati/catalog.jsonld` is the
 * catalogue. Counts only: nothing here is personal data.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { stream } from 'hono/streaming';
import { columnsOf, DATASETS } from '../../domain/open-data/datasets.js';
import {
  catalogJsonLd,
  csvPath,
  datasetJsonLd,
  LICENCE,
  OPEN_DATA_PATH,
} from '../../services/open-data/catalog.js';
import { datasetVersions, latestVersions, versionCsv } from '../../services/open-data/queries.js';
import { openDataStore } from '../../services/open-data/store.js';
import type { AppEnv } from '../context.js';
import { langOf, page, tr, type ScreenKit } from './kit.js';
import { loadSession, ScreenError } from './session.js';

const JSON_LD = 'application/ld+json; charset=utf-8';

function base(c: Context<AppEnv>): string {
  return c.get('deps').config.api.publicUrl.replace(/\/$/, '');
}

function definitionOr404(code: string) {
  const d = DATASETS.find((x) => x.code === code);
  if (!d) throw new ScreenError(404, 'not-found');
  return d;
}

export function registerOpenDataScreens(
  app: Hono<AppEnv>,
  kit: ScreenKit,
  lang: MiddlewareHandler<AppEnv>,
): void {
  app.get(`${OPEN_DATA_PATH}/catalog.jsonld`, async (c) => {
    const body = catalogJsonLd(base(c), await latestVersions(c.get('em')));
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(JSON.stringify(body, null, 2), 200, { 'Content-Type': JSON_LD });
  });

  app.get(OPEN_DATA_PATH, lang, loadSession(), async (c) => {
    const latest = await latestVersions(c.get('em'));
    const en = langOf(c) === 'en';
    const datasets = DATASETS.map((d) => {
      const v = latest.get(d.code);
      return {
        code: d.code,
        title: en ? d.titleEn : d.titleLv,
        description: en ? d.descriptionEn : d.descriptionLv,
        version: v?.version ?? null,
        csv: v ? csvPath(d.code, v.version) : null,
        published: v?.publishedAt.toISOString().slice(0, 10) ?? null,
      };
    });
    return page(
      c,
      kit,
      'open-data',
      { title: tr(c, kit, 'openData.title'), path: OPEN_DATA_PATH },
      { datasets, licence: LICENCE },
    );
  });

  app.get(`${OPEN_DATA_PATH}/:dataset/dcat.jsonld`, async (c) => {
    const d = definitionOr404(c.req.param('dataset'));
    const latest = (await latestVersions(c.get('em'))).get(d.code);
    if (!latest) throw new ScreenError(404, 'not-found');
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(JSON.stringify(datasetJsonLd(base(c), d.code, latest), null, 2), 200, {
      'Content-Type': JSON_LD,
    });
  });

  app.get(`${OPEN_DATA_PATH}/:dataset/:file{v[0-9]{1,6}\\.csv}`, async (c) => {
    const d = definitionOr404(c.req.param('dataset'));
    const version = Number(c.req.param('file').slice(1, -4));
    const published = await datasetVersions(c.get('em'), d.code);
    if (!published.some((x) => x.version === version)) throw new ScreenError(404, 'not-found');
    const { version: v, body } = await versionCsv(
      c.get('em'),
      openDataStore(c.get('deps').config),
      d.code,
      version,
    );
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${d.code}-v${v.version}.csv"`);
    c.header('Content-Length', String(v.sizeBytes));
    c.header('Digest', `sha-256=${Buffer.from(v.sha256, 'hex').toString('base64')}`);
    // A version never changes.
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return stream(c, async (s) => {
      for await (const chunk of body) await s.write(chunk as Uint8Array);
    });
  });

  app.get(`${OPEN_DATA_PATH}/:dataset`, lang, loadSession(), async (c) => {
    const d = definitionOr404(c.req.param('dataset'));
    const en = langOf(c) === 'en';
    const versions = (await datasetVersions(c.get('em'), d.code)).map((v) => ({
      version: v.version,
      csv: csvPath(d.code, v.version),
      published: v.publishedAt.toISOString().slice(0, 10),
      periodFrom: v.periodFrom,
      periodTo: v.periodTo,
      rows: v.rowCount,
      withheld: v.withheldCells,
      sha256: v.sha256,
      note: v.note,
    }));
    return page(
      c,
      kit,
      'open-data-dataset',
      { title: en ? d.titleEn : d.titleLv, path: `${OPEN_DATA_PATH}/${d.code}` },
      {
        code: d.code,
        title: en ? d.titleEn : d.titleLv,
        description: en ? d.descriptionEn : d.descriptionLv,
        columns: columnsOf(d).map((col) => ({ name: col.name, meaning: en ? col.en : col.lv })),
        versions,
        hasVersions: versions.length > 0,
        metadata: `${OPEN_DATA_PATH}/${d.code}/dcat.jsonld`,
        licence: LICENCE,
      },
    );
  });
}
