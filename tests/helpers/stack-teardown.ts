import fs from 'node:fs';
import { stopAll } from '../../scripts/stack.js';

export default async function globalTeardown(): Promise<void> {
  const stack = globalThis.__DIGISOC_STACK__;
  if (!stack) return;
  await stopAll(stack.processes);
  fs.rmSync(stack.dir, { recursive: true, force: true });
}
