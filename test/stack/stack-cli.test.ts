import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { servers } from '../../scripts/stack/servers';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

async function stack(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(tsx, ['scripts/stack.ts', ...args], { cwd: root, env: { ...process.env, ...env } });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe('stack script', () => {
  it('reports every server healthy', async () => {
    const { code, output } = await stack(['status']);
    expect(code).toBe(0);
    for (const server of servers) {
      expect(output).toMatch(new RegExp(`\\[stack\\] ${server.name}\\s+healthy pid \\d+`));
    }
  });

  it('leaves running servers alone on up', async () => {
    const { code, output } = await stack(['up']);
    expect(code).toBe(0);
    for (const server of servers) expect(output).toContain(`[stack] ${server.name} already runs`);
    expect(output).not.toContain('started in');
  });

  it('rejects an unknown server name', async () => {
    const { code, output } = await stack(['up', 'redis']);
    expect(code).toBe(1);
    expect(output).toContain('unknown server "redis": choose from temporal, minio');
  });

  it('rejects an unknown command', async () => {
    const { code, output } = await stack(['restart']);
    expect(code).toBe(1);
    expect(output).toContain('unknown command "restart"');
  });

  describe('with a port taken by another program', () => {
    let blocker: Server;
    let stackDir: string;

    beforeAll(async () => {
      stackDir = mkdtempSync(join(tmpdir(), 'stack-test-'));
      blocker = createServer((socket) => socket.destroy());
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    });

    afterAll(async () => {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
      rmSync(stackDir, { recursive: true, force: true });
    });

    it('names the port and the variable to change', async () => {
      const port = (blocker.address() as AddressInfo).port;
      // The web port is left unused so the health check fails and the SMTP port check runs.
      const { code, output } = await stack(['up', 'mailpit'], {
        STACK_DIR: stackDir,
        STACK_SMTP_PORT: String(port),
        STACK_MAILPIT_HTTP_PORT: '1',
      });
      expect(code).toBe(1);
      expect(output).toContain(`mailpit cannot start: port ${port} is taken by another program`);
      expect(output).toContain('set STACK_SMTP_PORT to a free port');
    });
  });
});
