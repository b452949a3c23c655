import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Env } from '@lifeline/signaling-server/config';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { waitFor } from '../support/browser.js';
import { freePort, parentPid } from '../support/process.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'lifeline-image-'));
const dockerfile = readFileSync(join(repo, 'Dockerfile'), 'utf8');

/** The final stage of the Dockerfile: everything after its last FROM. */
const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
/** The environment the final stage sets (`ENV A=1 \\ B=2`), as the image's server runs with it. */
const imageEnv: Record<string, string> = Object.fromEntries(
  [...finalStage.matchAll(/^ENV ((?:.*\\\n)*.*)$/gm)].flatMap((m) =>
    (m[1] as string)
      .split(/[\s\\]+/)
      .filter(Boolean)
      .map((pair) => pair.split('=') as [string, string]),
  ),
);

beforeAll(() => {
  // What the image's build stage runs to assemble /out.
  execFileSync('bash', [join(repo, 'scripts/package-server.sh'), out], { stdio: 'inherit' });
}, 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Starts the packaged server from its folder with nothing but the given environment. */
function startPackaged(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['signaling-server/dist/main.js'], {
    cwd: out,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('the image', () => {
  test('holds only the compiled server, its production dependencies and the built front ends', () => {
    expect(readdirSync(out).sort()).toEqual(['agent-console', 'signaling-server', 'widget']);
    expect(readdirSync(join(out, 'signaling-server')).sort()).toEqual([
      'dist',
      'node_modules',
      'package.json',
      'public',
    ]);
    const modules = readdirSync(join(out, 'signaling-server/node_modules'));
    expect(modules).toContain('express');
    for (const devOnly of ['tsx', 'esbuild', 'vitest', 'typescript', '@lifeline'])
      expect(modules).not.toContain(devOnly);
    // The final stage copies only that folder, runs as a non-root user and checks /healthz.
    expect([...finalStage.matchAll(/^COPY .*/gm)].map((m) => m[0])).toEqual(['COPY --from=build /out ./']);
    expect(finalStage).toMatch(/^USER node$/m);
    expect(finalStage).toMatch(/HEALTHCHECK[\s\S]*\/healthz/);
    const cmd = JSON.parse(/^CMD (.*)$/m.exec(finalStage)?.[1] ?? '[]') as string[];
    expect(cmd).toEqual(['node', 'signaling-server/dist/main.js']);
    expect(existsSync(join(out, cmd[1] as string))).toBe(true);
  });

  test('its start command serves the product in production mode from a clean folder, and stops on SIGTERM', async () => {
    const port = String(await freePort());
    // As the image runs it (its allocator settings too), on a free port and a folder of its own.
    expect(imageEnv).toMatchObject({ NODE_ENV: 'production', MALLOC_ARENA_MAX: '2' });
    const server = startPackaged({
      ...imageEnv,
      PORT: port,
      HOST: '127.0.0.1',
      DATABASE_PATH: join(out, 'data.sqlite'),
      AUTH_SECRET: 'a-production-secret-of-32-characters!',
    });
    let printed = '';
    server.stdout?.on('data', (chunk) => (printed += String(chunk)));
    try {
      const url = `http://127.0.0.1:${port}`;
      await waitFor(
        () =>
          fetch(`${url}/healthz`).then(
            (r) => r.ok,
            () => false,
          ),
        'the packaged server',
      );
      for (const path of ['/widget.js', '/widget/panel.js', '/console/', '/']) {
        expect([path, (await fetch(`${url}${path}`)).status]).toEqual([path, 200]);
      }
      // Production: no demo agent, no password printed.
      const login = await fetch(`${url}/api/agents/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'agent@example.com', password: 'lifeline-demo' }),
      });
      expect(login.status).toBe(401);
      expect(printed).not.toContain('lifeline-demo');
    } finally {
      const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
      server.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });

  test('started with `npm start` outside the image, it runs with two malloc arenas unless told otherwise', async () => {
    const port = String(await freePort());
    // An operator's own host: the package's start script, no Dockerfile ENV.
    const npm = spawn('npm', ['start'], {
      cwd: join(out, 'signaling-server'),
      env: {
        PATH: process.env.PATH ?? '',
        HOME: out,
        NODE_ENV: 'production',
        PORT: port,
        HOST: '127.0.0.1',
        DATABASE_PATH: join(out, 'npm-start.sqlite'),
        AUTH_SECRET: 'a-production-secret-of-32-characters!',
      },
      stdio: 'ignore',
      detached: true,
    });
    try {
      await waitFor(
        () =>
          fetch(`http://127.0.0.1:${port}/healthz`).then(
            (r) => r.ok,
            () => false,
          ),
        'the server started by npm start',
      );
      // The server itself: `node dist/main.js` (not the shell that started it, whose command
      // line holds the same words).
      const server = processesUnder(npm.pid as number).find(
        (pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[1] === 'dist/main.js',
      );
      const environment = readFileSync(`/proc/${server}/environ`, 'utf8').split('\0');
      expect(environment).toContain('MALLOC_ARENA_MAX=2');
    } finally {
      // npm, its shell and the server are one process group.
      process.kill(-(npm.pid as number), 'SIGTERM');
    }
  });

  test('without AUTH_SECRET, production refuses to start and says why', { timeout: 20_000 }, async () => {
    const server = startPackaged({ PORT: '0', DATABASE_PATH: ':memory:' });
    let errors = '';
    server.stderr?.on('data', (chunk) => (errors += String(chunk)));
    try {
      const exited = new Promise<number | null>((resolve) => server.once('exit', (c) => resolve(c)));
      const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running'), 10_000))]);
      expect(code).not.toBe('still running');
      expect(code).not.toBe(0);
      expect(errors).toContain('AUTH_SECRET');
    } finally {
      // Never leave a server behind, even when this test fails because it started.
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    }
  });
});

test('docker-compose.yml: two nodes on PostgreSQL and Redis behind a balancer that checks /readyz; only variables the server reads', () => {
  const compose = parse(readFileSync(join(repo, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, { environment?: Record<string, string>; build?: string; image?: string }>;
  };
  const nodes = Object.entries(compose.services).filter(([, service]) => service.build === '.');
  expect(nodes.length).toBeGreaterThanOrEqual(2);
  for (const [, node] of nodes) {
    const variables = Object.keys(node.environment ?? {});
    for (const name of variables) expect([name, name in Env.shape]).toEqual([name, true]);
    expect(variables).toEqual(expect.arrayContaining(['AUTH_SECRET', 'DATABASE_URL', 'REDIS_URL']));
    expect(variables).not.toContain('DEMO');
  }
  const images = Object.values(compose.services).map((s) => s.image?.split(':')[0]);
  expect(images).toEqual(expect.arrayContaining(['haproxy', 'postgres', 'redis', 'coturn/coturn']));
  // The balancer sends traffic only to a ready node, and knows every node by its service name.
  const balancer = readFileSync(join(repo, 'deploy/haproxy.cfg'), 'utf8');
  expect(balancer).toContain('option httpchk GET /readyz');
  for (const [name] of nodes) expect(balancer).toMatch(new RegExp(`server ${name} ${name}:8080 check`));
});

/** The processes descended from `root` (its children, theirs, ...), read from /proc. */
function processesUnder(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      parentOf.set(Number(entry), parentPid(Number(entry)));
    } catch {
      // gone meanwhile
    }
  }
  const under: number[] = [];
  for (const [pid] of parentOf) {
    for (let up = parentOf.get(pid); up !== undefined; up = parentOf.get(up)) {
      if (up === root) {
        under.push(pid);
        break;
      }
    }
  }
  return under;
}
