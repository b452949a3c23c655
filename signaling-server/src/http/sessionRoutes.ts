import {
  type AgentId,
  ErrorCode,
  HistoryQuery,
  type HistoryReply,
  LifelineError,
  NoteBody,
  type SessionId,
  WrapUpBody,
} from '@lifeline/shared';
import { Router } from 'express';
import { detail, handledBy, matches, summarise } from '../history/sessionViews.js';
import type { AgentRecord, SessionRecord } from '../store/types.js';
import { signedInAgent } from './agentAuth.js';
import type { ApiDeps } from './api.js';
import { parseBody } from './errors.js';

const seesEverything = (agent: AgentRecord) => agent.role === 'supervisor' || agent.role === 'admin';

/** History, timelines, notes and wrap-up: what agents read and write about sessions. */
export function sessionRoutes({ clock, store, tokens, hub }: ApiDeps): Router {
  const router = Router();
  const agentOf = (req: Parameters<typeof signedInAgent>[0]) => signedInAgent(req, tokens, store, clock);

  /** The session, if this agent may read it: supervisors see all, agents what they took or ring for. */
  const readable = (agent: AgentRecord, id: string): SessionRecord => {
    const session = store.getSession(id as SessionId);
    if (!session) throw LifelineError.notFound('no such session');
    const ringing = hub.engine.state.queue.some((w) => w.sessionId === session.id && w.offeredTo === agent.id);
    const transferring = hub.engine.state.transfers.get(session.id)?.to === agent.id;
    if (seesEverything(agent) || handledBy(session, agent.id) || ringing || transferring) return session;
    throw new LifelineError(ErrorCode.Forbidden, 'not one of your sessions');
  };

  /** Notes and wrap-up belong to the agents who took the call. */
  const writable = (agent: AgentRecord, id: string): SessionRecord => {
    const session = store.getSession(id as SessionId);
    if (!session) throw LifelineError.notFound('no such session');
    if (!handledBy(session, agent.id)) throw new LifelineError(ErrorCode.Forbidden, 'not one of your calls');
    return session;
  };

  router.get('/sessions', async (req, res) => {
    const agent = await agentOf(req);
    const { q, limit, offset } = parseBody(HistoryQuery, req.query);
    const found = [];
    for (const session of store.sessions()) {
      if (!seesEverything(agent) && !handledBy(session, agent.id)) continue;
      const summary = summarise(session, store);
      if (!q || matches(summary, session, q)) found.push(summary);
    }
    found.sort((a, b) => b.requestedAt - a.requestedAt);
    const reply: HistoryReply = { sessions: found.slice(offset, offset + limit), total: found.length };
    res.json(reply);
  });

  router.get('/sessions/:id', async (req, res) => {
    res.json(detail(readable(await agentOf(req), req.params.id), store));
  });

  /** The same identified user's earlier sessions, newest first, for the context panel. */
  router.get('/sessions/:id/previous', async (req, res) => {
    const session = readable(await agentOf(req), req.params.id);
    const { userId } = session.context;
    const previous: HistoryReply['sessions'] = [];
    if (userId) {
      for (const other of store.sessions()) {
        if (other.id === session.id || other.tenant !== session.tenant || other.context.userId !== userId) continue;
        if (other.requestedAt <= session.requestedAt) previous.push(summarise(other, store));
      }
    }
    previous.sort((a, b) => b.requestedAt - a.requestedAt);
    const reply: HistoryReply = { sessions: previous.slice(0, 20), total: previous.length };
    res.json(reply);
  });

  router.post('/sessions/:id/notes', async (req, res) => {
    const agent = await agentOf(req);
    const session = writable(agent, req.params.id);
    const { body } = parseBody(NoteBody, req.body);
    store.addNote(session.id, { agentId: agent.id as AgentId, body, at: clock.now() });
    res.status(201).json(summarise(session, store));
  });

  router.post('/sessions/:id/wrap-up', async (req, res) => {
    const agent = await agentOf(req);
    const session = writable(agent, req.params.id);
    const { disposition, note } = parseBody(WrapUpBody, req.body);
    const at = clock.now();
    if (note) store.addNote(session.id, { agentId: agent.id, body: note, at });
    store.setDisposition(session.id, { agentId: agent.id, code: disposition, at });
    res.json(summarise(session, store));
  });

  return router;
}
