import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Lints source text as if it were the given file, through the ESLint command line, with the project's config. */
function lintAs(file: string, code: string): string[] {
  const result = spawnSync(join(root, 'node_modules', '.bin', 'eslint'), ['--stdin', '--stdin-filename', file, '--format', 'json'], {
    cwd: root,
    input: code,
    encoding: 'utf8',
  });
  const [report] = JSON.parse(result.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return (report?.messages ?? []).map((message) => `${message.ruleId ?? 'parse'}: ${message.message}`);
}

describe('lint rules', () => {
  it('ban Node built-ins and I/O modules in workflow code', () => {
    const messages = lintAs(
      'src/workflows/lint-probe.ts',
      "import { readFileSync } from 'node:fs';\nimport { request } from 'undici';\nimport { S3Client } from '@aws-sdk/client-s3';\nexport const used = [readFileSync, request, S3Client];\n",
    );
    expect(messages.filter((message) => message.startsWith('no-restricted-imports'))).toHaveLength(3);
  });

  it('allow the same imports outside workflow code', () => {
    const messages = lintAs('src/activities/lint-probe.ts', "import { readFileSync } from 'node:fs';\nexport const used = readFileSync;\n");
    expect(messages).toEqual([]);
  });

  it('reject a floating promise', () => {
    const messages = lintAs('src/activities/lint-probe.ts', 'async function work(): Promise<void> {}\nexport function run(): void {\n  work();\n}\n');
    expect(messages.some((message) => message.startsWith('@typescript-eslint/no-floating-promises'))).toBe(true);
  });
});
