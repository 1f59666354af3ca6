/** The worker's build id (issue 15): DIGISOC_BUILD_ID, else the git commit, else `dev`. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { describe, expect, it } from '@jest/globals';
import { resolveBuildId } from '../../temporal/worker.js';

describe('resolveBuildId', () => {
  it('takes DIGISOC_BUILD_ID when set', () => {
    expect(resolveBuildId({ DIGISOC_BUILD_ID: ' 2026.11-3f2a ' })).toBe('2026.11-3f2a');
  });

  it('is the short git commit of the checkout otherwise', () => {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim();
    expect(resolveBuildId({})).toBe(commit);
    expect(resolveBuildId({ DIGISOC_BUILD_ID: '' })).toBe(commit);
  });

  it('is "dev" outside a git checkout', () => {
    expect(resolveBuildId({}, os.tmpdir())).toBe('dev');
  });
});
