/**
 * The suite exits on its own, without `--forceExit` (issue 24): a suite's stack leaves nothing running after
 * `close()`. The Temporal native runtime (its threads and its log-forwarding callback keep Node alive) exists only
 * while a worker or native connection does.
 */
import { describe, expect, it } from '@jest/globals';
import { Runtime } from '@temporalio/worker';
import { startTestStack } from '../helpers/test-stack.js';

describe('a test stack leaves nothing running after close()', () => {
  it('without a worker, no Temporal native runtime is ever created', async () => {
    const stack = await startTestStack({ worker: false });
    try {
      expect(Runtime._instance).toBeUndefined();
    } finally {
      await stack.close();
    }
    expect(Runtime._instance).toBeUndefined();
  });

  it('with a worker, the native runtime is shut down once the worker and its connection close', async () => {
    const stack = await startTestStack();
    try {
      expect(Runtime._instance).toBeDefined();
    } finally {
      await stack.close();
    }
    expect(Runtime._instance).toBeUndefined();
  });

  it('a second stack in the same file gets a fresh runtime, shut down again on close', async () => {
    const stack = await startTestStack();
    try {
      expect(Runtime.instantiator).toBe('install'); // installTemporalRuntime (logs to pino), not a default one
    } finally {
      await stack.close();
    }
    expect(Runtime._instance).toBeUndefined();
  });
});
