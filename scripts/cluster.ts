/**
 * `./digisoc start --cluster`: the production topology of docker-compose.yml as local processes (no Docker engine
 * here; scripts/cluster-stack.ts starts it): two PostgreSQL clusters, the real Temporal server on PostgreSQL with
 * its Web UI, MinIO erasure-coded over 4 drives, the simulators, 2 workers and 2 API processes, with the compose
 * file's variable names. Ctrl-C stops everything it started.
 */
import path from 'node:path';
import { DEMO_USERS } from '../infra/db/seed.js';
import { startDemoProcesses } from './demo-processes.js';
import { startClusterStack, type ClusterStack } from './cluster-stack.js';
import { clusterPorts } from './cluster-topology.js';
import { ROOT } from './stack.js';

const started = Date.now();
const step = (text: string) => console.log(`\x1b[1;34m[cluster]\x1b[0m ${text}`);
let cluster: ClusterStack | undefined;

let stopping = false;
async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('\nStopping the DigiSoc cluster…');
    await cluster?.stop();
    console.log('All processes stopped.');
  }
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  const dataDir = path.resolve(ROOT, process.env.DIGISOC_DATA_DIR ?? '.data/cluster');
  cluster = await startClusterStack({
    dataDir,
    ports: clusterPorts(process.env),
    workers: 2,
    historyShards: Number(process.env.DIGISOC_TEMPORAL_HISTORY_SHARDS ?? 16),
    onStep: step,
  });
  const demo = await startDemoProcesses(cluster.config);
  if (demo > 0) step(`started ${demo} demo process(es)`);

  const { ports, config } = cluster;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`
The DigiSoc cluster is running (started in ${seconds} s). Ctrl-C stops everything.

  API processes        ${cluster.apiUrls.join('   ')}
  Temporal server      127.0.0.1:${ports.temporal} (PostgreSQL 127.0.0.1:${ports.temporalPostgres})   Web UI http://127.0.0.1:${ports.temporalUi}
  Application DB       ${cluster.appPostgresUrl.replace(/:[^:@/]*@/, ':***@')}
  MinIO (4 drives)     ${config.minio.endpoint}   console http://127.0.0.1:${ports.minioConsole}
  Logs                 ${path.join(dataDir, 'logs')}

  Demo users (password "${config.demo.password}"): ${DEMO_USERS.map((u) => u.username).join(', ')}
`);
  await new Promise(() => undefined);
} catch (err) {
  console.error(`\nCluster start-up failed: ${err instanceof Error ? err.message : String(err)}`);
  await shutdown(1);
}
