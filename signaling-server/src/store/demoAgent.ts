import type { AgentId } from '@lifeline/shared';
import type { Logger } from 'pino';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import type { Config } from '../config.js';
import type { Store } from './types.js';

export const DEMO_AGENT_ID = 'demo-agent' as AgentId;

/**
 * In demo mode the demo agent exists with exactly the configured e-mail, name and password, on
 * disk as in memory (changing DEMO_AGENT_* takes effect at the next start). Outside demo mode a
 * demo agent left in the database keeps no way in: deactivated, every token revoked.
 */
export async function applyDemoMode(store: Store, config: Config, log: Logger): Promise<void> {
  const existing = await store.agent(DEMO_AGENT_ID);
  if (!config.demo) {
    if (!existing?.active) return;
    await store.updateAgent(DEMO_AGENT_ID, { active: false });
    await store.revokeTokens(DEMO_AGENT_ID);
    log.warn('demo mode is off: the demo agent is deactivated');
    return;
  }
  const { email, name, password } = config.demoAgent;
  const owner = await store.agentByEmail(email);
  // A real agent already signs in with that e-mail: leave them (and the demo agent) alone.
  if (owner && owner.id !== DEMO_AGENT_ID) return;
  const upToDate =
    existing?.active &&
    existing.email === email.toLowerCase() &&
    existing.name === name &&
    (await verifyPassword(password, existing.passwordHash));
  if (upToDate) return;
  await store.addAgent({
    id: DEMO_AGENT_ID,
    email,
    name,
    passwordHash: await hashPassword(password),
    skills: existing?.skills ?? { languages: ['en'], areas: [] },
    team: existing?.team ?? 'default',
    // The demo agent is also the demo's supervisor and admin, so every screen can be tried.
    role: 'admin',
    active: true,
    // A changed password ends the sign-ins made with the old one.
    tokenGeneration: (existing?.tokenGeneration ?? -1) + 1,
  });
}
