/** The worker's build id (issue 15): DIGISOC_BUILD_ID, else the git commit, else `dev`. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { BUILT_WORKFLOW_BUNDLE_PATH, prebuiltWorkflowBundle, resolveBuildId } from '../../temporal/worker.js';

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

describe('prebuiltWorkflowBundle (which workflow code the worker runs)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'digisoc-bundle-choice-'));
  const built = path.join(dir, 'workflow-bundle.js');
  fs.writeFileSync(built, '// bundle');
  const missing = path.join(dir, 'absent.js');

  it('runs the bundle npm run build wrote, in production mode', () => {
    expect(prebuiltWorkflowBundle('production', {}, built)).toEqual({ codePath: built });
  });

  it('bundles from the sources in production mode when no build is there, and always outside production', () => {
    expect(prebuiltWorkflowBundle('production', {}, missing)).toBeUndefined();
    expect(prebuiltWorkflowBundle('development', {}, built)).toBeUndefined();
  });

  it('takes DIGISOC_WORKFLOW_BUNDLE first (tests, bench, fuzzer)', () => {
    expect(prebuiltWorkflowBundle('development', { DIGISOC_WORKFLOW_BUNDLE: '/x/b.js' }, built)).toEqual({
      codePath: '/x/b.js',
    });
  });

  it('looks for the built bundle next to the compiled temporal/ folder', () => {
    expect(BUILT_WORKFLOW_BUNDLE_PATH).toBe(path.resolve(import.meta.dirname, '../../workflow-bundle.js'));
  });
});
