// Runs the local stack of real servers that the tests and the demo use:
//   npm run stack -- install | up | down | status [server ...]
import { loadConfig } from '../src/config';
import { portInUse } from './stack/port';
import { runningPid, serverPaths, startDetached, stopProcess, waitUntilHealthy } from './stack/processes';
import { servers, type ServerDefinition, type StackContext } from './stack/servers';

const usage = 'usage: npm run stack -- install | up | down | status [server ...]';

function log(line: string): void {
  console.log(`[stack] ${line}`);
}

function select(names: string[]): ServerDefinition[] {
  if (names.length === 0) return servers;
  return names.map((name) => {
    const server = servers.find((candidate) => candidate.name === name);
    if (server === undefined) {
      throw new Error(`unknown server "${name}": choose from ${servers.map((s) => s.name).join(', ')}`);
    }
    return server;
  });
}

async function install(ctx: StackContext, selected: ServerDefinition[]): Promise<void> {
  for (const server of selected) log(`${server.name}: ${await server.install(ctx)}`);
}

async function up(ctx: StackContext, selected: ServerDefinition[]): Promise<void> {
  for (const server of selected) {
    const paths = serverPaths(ctx.config.dir, server.name);
    const where = `data in ${paths.dataDir}, log in ${paths.logFile}`;
    const endpoints = Object.entries(server.endpoints(ctx)).map(([kind, url]) => `${kind} ${url}`).join(', ');

    if (await server.healthy(ctx)) {
      log(`${server.name} already runs (${endpoints})`);
      continue;
    }
    const port = server.port(ctx);
    if (runningPid(paths) === undefined && (await portInUse(port))) {
      throw new Error(
        `${server.name} cannot start: port ${port} is taken by another program that does not answer as ${server.name}. ` +
          `Stop that program or set ${server.portVariable} to a free port.`,
      );
    }

    const executable = await server.install(ctx);
    const launch = server.launch(ctx, executable, paths);
    const pid = runningPid(paths) ?? startDetached(launch.command, launch.args, { ...process.env, ...launch.env }, paths);
    const started = Date.now();
    await waitUntilHealthy({ name: server.name, check: () => server.healthy(ctx), pid, paths, timeoutMs: server.startTimeoutMs });
    log(`${server.name} started in ${((Date.now() - started) / 1000).toFixed(1)} s (${endpoints}; ${where})`);
  }
}

async function down(ctx: StackContext, selected: ServerDefinition[]): Promise<void> {
  for (const server of [...selected].reverse()) {
    const stopped = await stopProcess(serverPaths(ctx.config.dir, server.name));
    log(`${server.name} ${stopped ? 'stopped' : 'was not running'}`);
  }
}

async function status(ctx: StackContext, selected: ServerDefinition[]): Promise<boolean> {
  let allHealthy = true;
  for (const server of selected) {
    const healthy = await server.healthy(ctx);
    allHealthy &&= healthy;
    const pid = runningPid(serverPaths(ctx.config.dir, server.name));
    const endpoints = Object.entries(server.endpoints(ctx)).map(([kind, url]) => `${kind} ${url}`).join(', ');
    log(`${server.name.padEnd(16)} ${healthy ? 'healthy' : 'down   '} ${pid === undefined ? '' : `pid ${pid} `}${endpoints}`);
  }
  return allHealthy;
}

async function main(): Promise<void> {
  const [command, ...names] = process.argv.slice(2);
  const ctx: StackContext = { config: loadConfig().stack, log };
  const selected = select(names);
  switch (command) {
    case 'install':
      return install(ctx, selected);
    case 'up':
      return up(ctx, selected);
    case 'down':
      return down(ctx, selected);
    case 'status':
      if (!(await status(ctx, selected))) process.exitCode = 1;
      return;
    default:
      throw new Error(`unknown command "${command ?? ''}": ${usage}`);
  }
}

main().catch((error: unknown) => {
  console.error(`[stack] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
