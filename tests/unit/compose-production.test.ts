/**
 * Production runs compiled JavaScript (issue 16): every service of docker-compose.yml built from the project's image
 * runs `node dist/...js` (what `npm run build` writes), never tsx or TypeScript sources at run time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface ComposeService {
  image?: string;
  build?: { dockerfile_inline?: string };
  command?: string[] | string;
  entrypoint?: string[] | string;
}
const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const services = Object.entries(compose.services);
const words = (value: string[] | string | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : value.split(/\s+/);
const appServices = services.filter(([, s]) => s.image?.startsWith('digisoc/'));

describe('docker-compose.yml runs the production build', () => {
  it('no service mentions tsx in its command or entrypoint', () => {
    const offenders = services
      .filter(([, s]) => [...words(s.command), ...words(s.entrypoint)].some((w) => /\btsx\b/.test(w)))
      .map(([name]) => name);
    expect(offenders).toEqual([]);
  });

  it('every service of the project image runs a compiled dist/ entry with plain node', () => {
    expect(appServices.map(([name]) => name).sort()).toEqual(
      ['api', 'dms-simulator', 'migrate', 'registry-simulator', 'worker'].sort(),
    );
    for (const [name, service] of appServices) {
      const [runtime, entry, ...rest] = words(service.command);
      expect([name, runtime]).toEqual([name, 'node']);
      expect([name, entry]).toEqual([name, expect.stringMatching(/^dist\/.+\.js$/)]);
      expect(rest.some((w) => w.startsWith('--import') || w.endsWith('.ts'))).toBe(false);
      // The entry is compiled from a source that tsconfig.build.json includes.
      const source = entry!.replace(/^dist\//, '').replace(/\.js$/, '.ts');
      expect([name, fs.existsSync(path.join(ROOT, source))]).toEqual([name, true]);
    }
  });

  it('the image is built with npm run build and ships dist/ without the dev dependencies', () => {
    const dockerfile = appServices[0]![1].build?.dockerfile_inline ?? '';
    expect(dockerfile).toMatch(/RUN npm run build/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/COPY --from=build \/app\/dist \.\/dist/);
    // The runtime stage (after the last FROM) has no sources to run: only package files and dist/.
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtime).not.toMatch(/COPY \. \./);
  });
});

describe('tsconfig.build.json compiles every entry the compose file runs', () => {
  it('includes the folders of the entries', () => {
    const build = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8')) as {
      include: string[];
      compilerOptions: { outDir: string; noEmit: boolean };
    };
    expect(build.compilerOptions).toMatchObject({ outDir: 'dist', noEmit: false });
    for (const [, service] of appServices) {
      const source = words(service.command)[1]!
        .replace(/^dist\//, '')
        .replace(/\.js$/, '.ts');
      expect([source, build.include.some((i) => source === i || source.startsWith(`${i}/`))]).toEqual([
        source,
        true,
      ]);
    }
  });
});
