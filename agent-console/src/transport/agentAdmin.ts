import type { AgentChangesBody, InviteBody } from '@lifeline/shared';
import type { ConsoleStore } from '../state/store.js';
import { changeAgent, fetchAgents, inviteAgent } from './api.js';

const message = (err: unknown) => (err instanceof Error ? err.message : 'the server could not be reached');

/** Admins' side of the console: list, invite and change agents. */
export class AgentAdmin {
  constructor(
    private readonly store: ConsoleStore,
    private readonly token: () => string,
  ) {}

  async load(): Promise<void> {
    try {
      const { agents } = await fetchAgents(this.token());
      this.set({ agents, error: null });
    } catch (err) {
      this.set({ error: message(err) });
    }
  }

  async invite(invite: InviteBody): Promise<boolean> {
    try {
      const reply = await inviteAgent(this.token(), invite);
      this.set({ agents: [...this.store.getState().admin.agents, reply.agent], lastInvite: reply, error: null });
      return true;
    } catch (err) {
      this.set({ error: message(err) });
      return false;
    }
  }

  async change(agentId: string, changes: AgentChangesBody): Promise<void> {
    try {
      const updated = await changeAgent(this.token(), agentId, changes);
      const agents = this.store.getState().admin.agents.map((a) => (a.id === updated.id ? updated : a));
      this.set({ agents, error: null });
    } catch (err) {
      this.set({ error: message(err) });
    }
  }

  private set(changes: Partial<ReturnType<ConsoleStore['getState']>['admin']>): void {
    this.store.setState({ admin: { ...this.store.getState().admin, ...changes } });
  }
}
