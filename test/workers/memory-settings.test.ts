import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { missingMemorySettings, workerEnvironment, workerNodeFlags } from '../../src/workers/memory-settings';

const root = join(__dirname, '..', '..');

describe('missingMemorySettings', () => {
  it('accepts the flag and the variable', () => {
    expect(missingMemorySettings(['--max-semi-space-size=2'], { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '65536' })).toEqual([]);
  });

  it('accepts the flag from NODE_OPTIONS', () => {
    expect(missingMemorySettings([], { NODE_OPTIONS: '--enable-source-maps  --max-semi-space-size=2', MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '65536' })).toEqual([]);
  });

  it('names each missing setting', () => {
    const everySetting = ['node --max-semi-space-size=2', 'MALLOC_ARENA_MAX=2', 'MALLOC_MMAP_THRESHOLD_=65536'];
    expect(missingMemorySettings([], {})).toEqual(everySetting);
    expect(missingMemorySettings(['--max-semi-space-size=16'], { MALLOC_ARENA_MAX: '8', MALLOC_MMAP_THRESHOLD_: '131072' })).toEqual(everySetting);
    expect(missingMemorySettings(['--max-semi-space-size=2'], { MALLOC_ARENA_MAX: '2' })).toEqual(['MALLOC_MMAP_THRESHOLD_=65536']);
  });
});

describe('the worker start commands', () => {
  const environment = Object.entries(workerEnvironment).map(([name, value]) => `${name}=${value}`);

  it('apply the memory settings in the npm scripts', () => {
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['start:worker']).toBe(`${environment.join(' ')} node ${workerNodeFlags.join(' ')} dist/workers/main.js`);
    expect(scripts.worker).toBe(`${environment.join(' ')} tsx ${workerNodeFlags.join(' ')} src/workers/main.ts`);
  });

  it('apply them in the Dockerfile and docker-compose.yml', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    for (const line of environment) expect(dockerfile).toContain(`\nENV ${line}\n`);
    const command = ['node', ...workerNodeFlags, 'dist/workers/main.js'];
    expect(dockerfile).toContain(`\nCMD ${JSON.stringify(command).replace(/,/g, ', ')}\n`);
    const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, { command?: string[] }> };
    expect(compose.services.worker?.command).toEqual(command);
  });

  it('cap the young generation of a Node process that starts with them', () => {
    // Allocates 200 MiB of short-lived objects, which grows an uncapped young generation to its 16 MiB semi-spaces.
    const script = `
      const v8 = require('node:v8');
      let totalLength = 0;
      for (let i = 0; i < 2_000_000; i++) totalLength += { index: i, text: 'x'.repeat(50) + i }.text.length;
      const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
      console.log(JSON.stringify({ size: space.space_size, totalLength }));`;
    const run = (flags: readonly string[]) => JSON.parse(execFileSync(process.execPath, [...flags, '-e', script], { env: { ...process.env, ...workerEnvironment }, encoding: 'utf8' })) as { size: number; totalLength: number };
    const capped = run(workerNodeFlags);
    const uncapped = run([]);
    expect(capped.totalLength).toBe(uncapped.totalLength);
    expect(capped.size).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(uncapped.size).toBeGreaterThan(capped.size);
  });
});
