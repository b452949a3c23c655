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
import { CSV_EXPORT_LIMIT, sessionsCsv } from '../history/sessionsCsv.js';
import { detail, handledBy, namesOf, summarise } from '../history/sessionViews.js';
import type { AgentRecord, SessionFile } from '../store/types.js';
import { signedInAgent } from './agentAuth.js';
import type { ApiDeps } from './api.js';
import { parseBody } from './errors.js';

const seesEverything = (agent: AgentRecord) => agent.role === 'supervisor' || agent.role === 'admin';

/** History, timelines, notes and wrap-up: what agents read and write about sessions. */
export function sessionRoutes({ clock, store, tokens, link }: ApiDeps): Router {
  const router = Router();
  const agentOf = (req: Parameters<typeof signedInAgent>[0]) => signedInAgent(req, tokens, store, clock);
  const names = async () => namesOf(await store.agents());

  /**
   * The session's file, with the live copy's events when the engine holds it (never behind a
   * write), and whether this agent is being offered it.
   */
  const fileOf = async (agent: AgentRecord, id: string): Promise<{ file: SessionFile; ringing: boolean }> => {
    const file = await store.sessionFile(id as SessionId);
    if (!file) throw LifelineError.notFound('no such session');
    const view = await link.ask({ type: 'session', sessionId: file.session.id, agentId: agent.id });
    return { file: view.live ? { ...file, session: view.live } : file, ringing: view.ringing };
  };

  /** The session, if this agent may read it: supervisors see all, agents what they took or ring for. */
  const readable = async (agent: AgentRecord, id: string): Promise<SessionFile> => {
    const { file, ringing } = await fileOf(agent, id);
    if (seesEverything(agent) || handledBy(file.session, agent.id) || ringing) return file;
    throw new LifelineError(ErrorCode.Forbidden, 'not one of your sessions');
  };

  /** Notes and wrap-up belong to the agents who took the call. */
  const writable = async (agent: AgentRecord, id: string): Promise<SessionFile> => {
    const { file } = await fileOf(agent, id);
    if (!handledBy(file.session, agent.id)) throw new LifelineError(ErrorCode.Forbidden, 'not one of your calls');
    return file;
  };

  router.get('/sessions', async (req, res) => {
    const agent = await agentOf(req);
    const {
      q,
      from,
      to,
      agent: agentId,
      disposition,
      rating,
      format,
      limit,
      offset,
    } = parseBody(HistoryQuery, req.query);
    const csv = format === 'csv';
    const { files, total } = await store.searchSessions({
      limit: csv ? CSV_EXPORT_LIMIT : limit,
      offset: csv ? 0 : offset,
      ...(seesEverything(agent) ? {} : { handledBy: agent.id }),
      ...(q ? { text: q } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
      ...(agentId ? { agentId: agentId as AgentId } : {}),
      ...(disposition ? { disposition } : {}),
      ...(rating ? { rating } : {}),
    });
    const agentNames = await names();
    const sessions = files.map((f) => summarise(f, agentNames));
    if (csv) {
      res.attachment(`lifeline-sessions-${new Date(clock.now()).toISOString().slice(0, 10)}.csv`);
      res.type('text/csv').send(sessionsCsv(sessions));
      return;
    }
    const reply: HistoryReply = { sessions, total };
    res.json(reply);
  });

  router.get('/sessions/:id', async (req, res) => {
    const file = await readable(await agentOf(req), req.params.id);
    res.json(detail(file, await names()));
  });

  /** The same identified user's earlier sessions, newest first, for the context panel. */
  router.get('/sessions/:id/previous', async (req, res) => {
    const { session } = await readable(await agentOf(req), req.params.id);
    const { userId } = session.context;
    let reply: HistoryReply = { sessions: [], total: 0 };
    if (userId) {
      // One more than shown: the session itself is among them.
      const { files, total } = await store.userSessions(session.tenant, userId, session.requestedAt, 21);
      const agentNames = await names();
      const earlier = files.filter((f) => f.session.id !== session.id).slice(0, 20);
      reply = { sessions: earlier.map((f) => summarise(f, agentNames)), total: total - 1 };
    }
    res.json(reply);
  });

  router.post('/sessions/:id/notes', async (req, res) => {
    const agent = await agentOf(req);
    const { session } = await writable(agent, req.params.id);
    const { body } = parseBody(NoteBody, req.body);
    await store.addNote(session.id, { agentId: agent.id as AgentId, body, at: clock.now() });
    res.status(201).json(summarise((await fileOf(agent, session.id)).file, await names()));
  });

  router.post('/sessions/:id/wrap-up', async (req, res) => {
    const agent = await agentOf(req);
    const { session } = await writable(agent, req.params.id);
    const { disposition, note } = parseBody(WrapUpBody, req.body);
    const at = clock.now();
    if (note) await store.addNote(session.id, { agentId: agent.id, body: note, at });
    await store.setDisposition(session.id, { agentId: agent.id, code: disposition, at });
    res.json(summarise((await fileOf(agent, session.id)).file, await names()));
  });

  return router;
}
