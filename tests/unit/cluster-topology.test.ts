/**
 * `./digisoc start --cluster` and docker-compose.yml describe one topology: the same components, the same replica
 * counts, and only configuration variables the application knows.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { CLUSTER_COMPONENTS, clusterPorts } from '../../scripts/cluster-topology.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface ComposeService {
  environment?: Record<string, unknown> | string[];
  deploy?: { replicas?: number };
}
const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
/** What the product reads: the app's config, the worker's build id, the simulators' own config, the PG script. */
const readers = [
  'infra/config.ts',
  'temporal/worker.ts',
  ...fs
    .readdirSync(path.join(ROOT, 'simulators'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `simulators/${f}`),
  'scripts/postgres.sh',
];
const knownVariables = new Set(
  readers.flatMap((f) => fs.readFileSync(path.join(ROOT, f), 'utf8').match(/DIGISOC_[A-Z0-9_]+/g) ?? []),
);
const clusterSource = ['scripts/cluster-stack.ts', 'scripts/cluster-topology.ts']
  .map((f) => fs.readFileSync(path.join(ROOT, f), 'utf8'))
  .join('\n');

/** Variables only the local topology has: its own ports and the SMTP sink standing in for the mail server. */
const LOCAL_ONLY = new Set([
  'DIGISOC_CLUSTER_TEMPORAL_PG_PORT',
  'DIGISOC_CLUSTER_APP_PG_PORT',
  'DIGISOC_API_PORT_2',
  'DIGISOC_SMTP_SINK_HTTP_PORT',
  'DIGISOC_TEMPORAL_HISTORY_SHARDS',
]);

describe('the cluster topology and docker-compose.yml', () => {
  it('have the same components', () => {
    const local = CLUSTER_COMPONENTS.filter((c) => !c.localOnly).map((c) => c.name);
    expect(local.sort()).toEqual(Object.keys(compose.services).sort());
  });

  it('run the same number of workers and API processes', () => {
    for (const c of CLUSTER_COMPONENTS.filter((c) => !c.localOnly)) {
      expect([c.name, compose.services[c.name]?.deploy?.replicas ?? 1]).toEqual([c.name, c.replicas]);
    }
    expect(CLUSTER_COMPONENTS.find((c) => c.name === 'worker')?.replicas).toBe(2);
    expect(CLUSTER_COMPONENTS.find((c) => c.name === 'api')?.replicas).toBe(2);
    expect(new Set(clusterPorts({}).api).size).toBe(2);
  });

  it('use only configuration variables the product reads, and the cluster sets those of the compose file', () => {
    const composeVars = new Set<string>();
    for (const service of Object.values(compose.services)) {
      const env = service.environment ?? {};
      const names = Array.isArray(env) ? env.map((e) => e.split('=')[0] ?? '') : Object.keys(env);
      for (const n of names) if (n.startsWith('DIGISOC_')) composeVars.add(n);
    }
    const clusterVars = new Set(clusterSource.match(/DIGISOC_[A-Z0-9_]+/g) ?? []);
    const unknown = [...composeVars, ...clusterVars].filter(
      (v) => !knownVariables.has(v) && !LOCAL_ONLY.has(v),
    );
    expect(unknown).toEqual([]);
    // every address the cluster wires up has its compose counterpart
    for (const v of [
      'DIGISOC_DB',
      'DIGISOC_POSTGRES_URL',
      'DIGISOC_TEMPORAL_ADDRESS',
      'DIGISOC_TEMPORAL_NAMESPACE',
      'DIGISOC_MINIO_ENDPOINT',
      'DIGISOC_REGISTRY_SIM_URL',
      'DIGISOC_DMS_SIM_URL',
      'DIGISOC_DATA_DIR',
      'DIGISOC_PUBLIC_URL',
    ]) {
      expect([v, clusterVars.has(v)]).toEqual([v, true]);
      expect([v, composeVars.has(v)]).toEqual([v, true]);
    }
  });
});
