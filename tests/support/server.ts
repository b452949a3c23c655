import { type App, createApp } from '@lifeline/signaling-server/app';
import { loadConfig } from '@lifeline/signaling-server/config';
import pino from 'pino';

export const DEMO_AGENT = { email: 'agent@example.com', password: 'lifeline-demo' };

/** A real Lifeline server on a free port, serving the built widget and console. */
export async function startServer(env: Record<string, string> = {}): Promise<{ app: App; url: string }> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DATABASE_PATH: ':memory:',
    DEMO: 'true',
    // Specs take call after call; the wrap-up spec sets its own time limit.
    WRAP_UP_MS: '0',
    ...env,
  });
  // Errors only: what the server logs when something it should not do happens, for whoever reads a failure.
  const app = await createApp({ config, log: pino({ level: process.env.TEST_SERVER_LOG ?? 'error' }) });
  const url = await app.listen();
  return { app, url };
}
