import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Compiles the bench's worker process with the project's TypeScript settings
 * into `<repository>/.stack/bench-build`, and returns the compiled script. The
 * worker then runs as plain JavaScript, as `npm run build` deploys it, so its
 * memory does not include a TypeScript loader.
 */
export function buildWorkerProcess(repositoryRoot: string): string {
  const outDir = join(repositoryRoot, '.stack', 'bench-build');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const toRoot = relative(outDir, repositoryRoot);
  const tsconfig = {
    extends: join(toRoot, 'tsconfig.json'),
    compilerOptions: { outDir: '.', rootDir: toRoot, types: ['node'], noEmit: false, incremental: false },
    files: [join(toRoot, 'scripts', 'bench', 'worker-process.ts')],
    // The base configuration includes the tests, which need Jest's types.
    include: [],
  };
  const tsconfigPath = join(outDir, 'tsconfig.json');
  writeFileSync(tsconfigPath, `${JSON.stringify(tsconfig, null, 2)}\n`);
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', tsconfigPath], { stdio: 'inherit' });
  return join(outDir, 'scripts', 'bench', 'worker-process.js');
}
