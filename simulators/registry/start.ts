/** Starts the simulator on a port (0 = ephemeral) and returns its URL, state and a close function. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createRegistrySimulatorApp, createSimulatorState } from './app.js';
import { loadFixtures } from './fixtures.js';
import type { SimulatorOptions, SimulatorState } from './state.js';

export interface RunningSimulator {
  url: string;
  port: number;
  state: SimulatorState;
  close(): Promise<void>;
}

export async function startRegistrySimulator(
  options: Partial<SimulatorOptions> & { port?: number; hostname?: string } = {},
): Promise<RunningSimulator> {
  const state = createSimulatorState({ ...options, fixtures: options.fixtures ?? loadFixtures() });
  const app = createRegistrySimulatorApp(state);
  const hostname = options.hostname ?? '127.0.0.1';
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: options.port ?? 0, hostname }, (info: AddressInfo) =>
        resolve({ server: s, port: info.port }),
      );
      s.once('error', reject);
    },
  );
  return {
    url: `http://${hostname}:${port}`,
    port,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        state.dispose();
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
