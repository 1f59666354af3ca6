/**
 * What `./digisoc start --cluster` runs, named as the services of docker-compose.yml, with its ports. A test
 * (tests/unit/cluster-topology.test.ts) keeps this list, the compose file and their variable names consistent.
 */
export interface ClusterPorts {
  temporalPostgres: number;
  appPostgres: number;
  temporal: number;
  temporalUi: number;
  minio: number;
  minioConsole: number;
  registrySimulator: number;
  dmsSimulator: number;
  smtp: number;
  smtpHttp: number;
  api: [number, number];
}

export function clusterPorts(env: NodeJS.ProcessEnv): ClusterPorts {
  const n = (name: string, fallback: number) => Number(env[name] ?? fallback);
  return {
    temporalPostgres: n('DIGISOC_CLUSTER_TEMPORAL_PG_PORT', 55442),
    appPostgres: n('DIGISOC_CLUSTER_APP_PG_PORT', 55443),
    temporal: 7233,
    temporalUi: n('DIGISOC_TEMPORAL_UI_PORT', 8233),
    minio: 9000,
    minioConsole: n('DIGISOC_MINIO_CONSOLE_PORT', 9001),
    registrySimulator: 4010,
    dmsSimulator: 4020,
    smtp: n('DIGISOC_SMTP_PORT', 2525),
    smtpHttp: n('DIGISOC_SMTP_SINK_HTTP_PORT', 2580),
    api: [n('DIGISOC_API_PORT', 3000), n('DIGISOC_API_PORT_2', 3001)],
  };
}

export interface ClusterComponent {
  /** The docker-compose.yml service this process is. */
  name: string;
  kind: 'database' | 'temporal' | 'storage' | 'simulator' | 'app';
  /** How many processes of it run. */
  replicas: number;
  script?: string;
  healthPort?: (p: ClusterPorts) => number;
  /** Outside-world stand-ins that run here but not in production (the compose file has the real system). */
  localOnly?: boolean;
}

export const CLUSTER_COMPONENTS: readonly ClusterComponent[] = [
  { name: 'postgres-temporal', kind: 'database', replicas: 1 },
  { name: 'postgres-app', kind: 'database', replicas: 1 },
  { name: 'temporal', kind: 'temporal', replicas: 1 },
  /** Schema, namespace and search attributes: one-shot steps of scripts/cluster-temporal.ts. */
  { name: 'temporal-schema', kind: 'temporal', replicas: 1 },
  { name: 'temporal-search-attributes', kind: 'temporal', replicas: 1 },
  { name: 'temporal-ui', kind: 'temporal', replicas: 1 },
  { name: 'minio', kind: 'storage', replicas: 1 },
  {
    name: 'registry-simulator',
    kind: 'simulator',
    replicas: 1,
    script: 'simulators/registry/server.ts',
    healthPort: (p) => p.registrySimulator,
  },
  {
    name: 'dms-simulator',
    kind: 'simulator',
    replicas: 1,
    script: 'simulators/dms/server.ts',
    healthPort: (p) => p.dmsSimulator,
  },
  {
    name: 'smtp-sink',
    kind: 'simulator',
    replicas: 1,
    script: 'simulators/smtp-sink/server.ts',
    healthPort: (p) => p.smtpHttp,
    localOnly: true,
  },
  { name: 'migrate', kind: 'app', replicas: 1 },
  { name: 'worker', kind: 'app', replicas: 2 },
  { name: 'api', kind: 'app', replicas: 2 },
];
