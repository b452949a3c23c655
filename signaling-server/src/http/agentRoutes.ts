import {
  AcceptInviteBody,
  AgentChangesBody,
  type AgentId,
  type AgentProfile,
  type AgentsReply,
  ErrorCode,
  InviteBody,
  type InviteReply,
  LifelineError,
  LoginBody,
  type LoginReply,
} from '@lifeline/shared';
import { CloseCode } from '@lifeline/shared/transport';
import { type Request, Router } from 'express';
import { hashPassword, needsRehash, UNKNOWN_ACCOUNT_HASH, verifyPassword } from '../auth/passwords.js';
import { newId } from '../ids.js';
import type { AgentRecord } from '../store/types.js';
import { agentOfClaims, signedInAgent } from './agentAuth.js';
import type { ApiDeps } from './api.js';
import { bearerToken } from './bearer.js';
import { clientAddress } from './clientAddress.js';
import { parseBody } from './errors.js';

const INVITE_TTL_S = 7 * 24 * 3600;
/** Closing code that tells the console its sign-in ended (sign-out elsewhere, deactivation). */
export const SIGNED_OUT = CloseCode.SignedOut;

function profile(agent: AgentRecord): AgentProfile {
  return {
    id: agent.id,
    name: agent.name,
    email: agent.email,
    role: agent.role,
    active: agent.active,
    invited: agent.passwordHash === '',
    team: agent.team,
    avatarUrl: agent.avatarUrl ?? null,
    languages: [...agent.skills.languages],
    areas: [...agent.skills.areas],
  };
}

/** Sign-in, refresh and sign-out; admins invite agents and change their skills, roles and access. */
export function agentRoutes({ config, clock, store, tokens, link, limits }: ApiDeps): Router {
  const router = Router();

  const signIn = async (agent: AgentRecord): Promise<LoginReply> => {
    const claims = { role: 'agent' as const, agentId: agent.id, generation: agent.tokenGeneration };
    const { token, expiresAt } = await tokens.issue(claims, config.agentTokenTtlS, clock.now());
    const { id, name, email, role, skills } = agent;
    return {
      token,
      expiresAt,
      agent: { id, name, email, role, skills: { languages: [...skills.languages], areas: [...skills.areas] } },
    };
  };
  const endSignIns = async (agentId: AgentId, why: string) => {
    await store.revokeTokens(agentId);
    link.closeAgent(agentId, SIGNED_OUT, why);
  };
  const admin = (req: Request) => signedInAgent(req, tokens, store, clock, ['admin']);

  router.post('/agents/login', async (req, res) => {
    const { email, password } = parseBody(LoginBody, req.body);
    const account = email.toLowerCase();
    const address = clientAddress(req);
    // A locked account is refused before the password is even checked: the right one too.
    await limits.beforeLogin(account, address);
    const agent = await store.agentByEmail(email);
    // Verify even for an unknown e-mail so timing does not reveal which accounts exist.
    const ok = await verifyPassword(password, agent?.passwordHash || UNKNOWN_ACCOUNT_HASH);
    if (!agent || !ok) {
      await limits.loginFailed(account, address);
      throw LifelineError.unauthorized('wrong e-mail or password');
    }
    await limits.loginSucceeded(account, address);
    // Stored under older, weaker parameters: upgrade it now that the password is known.
    if (needsRehash(agent.passwordHash))
      await store.updateAgent(agent.id, { passwordHash: await hashPassword(password) });
    if (!agent.active) throw new LifelineError(ErrorCode.Forbidden, 'this account has been deactivated');
    res.json(await signIn(agent));
  });

  /** A fresh token for a still-valid one: the console stays signed in across reloads and long shifts. */
  router.post('/agents/refresh', async (req, res) => {
    const claims = await tokens.verify(bearerToken(req), clock.now());
    const agent = await agentOfClaims(claims, store, clock.now());
    if (!agent || claims?.role !== 'agent') throw LifelineError.unauthorized();
    const fresh = await signIn(agent);
    // The token it replaces is retired: good for a short grace, then refused everywhere.
    if (claims.tokenId && claims.expiresAt) await store.retireToken(claims.tokenId, clock.now(), claims.expiresAt);
    res.json(fresh);
  });

  /** Signs out everywhere: every token issued so far stops working. */
  router.post('/agents/logout', async (req, res) => {
    const agent = await signedInAgent(req, tokens, store, clock);
    await endSignIns(agent.id, 'signed out');
    res.status(204).end();
  });

  router.get('/agents', async (req, res) => {
    await admin(req);
    const reply: AgentsReply = { agents: (await store.agents()).map(profile) };
    res.json(reply);
  });

  router.post('/agents/invites', async (req, res) => {
    await admin(req);
    const body = parseBody(InviteBody, req.body);
    const taken = () => LifelineError.invalidState('an agent with this e-mail already exists');
    if (await store.agentByEmail(body.email)) throw taken();
    const agent = await store
      .addAgent({
        id: newId() as AgentId,
        email: body.email,
        name: body.name,
        passwordHash: '',
        skills: { languages: body.languages, areas: body.areas },
        team: body.team,
        role: body.role,
      })
      .catch(async (err: unknown) => {
        // Two admins inviting the same e-mail at once: the database's unique e-mail decides.
        throw (await store.agentByEmail(body.email)) ? taken() : err;
      });
    const claims = { role: 'invite' as const, agentId: agent.id, generation: agent.tokenGeneration };
    const { token, expiresAt } = await tokens.issue(claims, INVITE_TTL_S, clock.now());
    const inviteUrl = `${req.protocol}://${req.get('host')}/console/#invite=${token}`;
    const reply: InviteReply = { agent: profile(agent), inviteUrl, expiresAt };
    res.status(201).json(reply);
  });

  /** The invited agent chooses a password and is signed in; the link works once. */
  router.post('/agents/invites/accept', async (req, res) => {
    await limits.inviteAcceptance(clientAddress(req));
    const { token, password } = parseBody(AcceptInviteBody, req.body);
    const invited = await agentOfClaims(await tokens.verify(token, clock.now()), store, clock.now(), 'invite');
    const used = () => LifelineError.unauthorized('this invitation is not valid any more');
    if (invited?.passwordHash !== '') throw used();
    const passwordHash = await hashPassword(password);
    // One conditional write: of two acceptances racing (on any nodes), exactly one sets the password.
    if (!(await store.setFirstPassword(invited.id, passwordHash))) throw used();
    res.json(await signIn({ ...invited, passwordHash }));
  });

  router.patch('/agents/:id', async (req, res) => {
    const by = await admin(req);
    const target = await store.agent(req.params.id as AgentId);
    if (!target) throw LifelineError.notFound('no such agent');
    const { languages, areas, ...changes } = parseBody(AgentChangesBody, req.body);
    const demotesSelf = target.id === by.id && (changes.active === false || (changes.role && changes.role !== 'admin'));
    if (demotesSelf) throw LifelineError.invalidState('admins cannot deactivate or demote themselves');
    const skills =
      languages || areas
        ? { skills: { languages: languages ?? target.skills.languages, areas: areas ?? target.skills.areas } }
        : {};
    const updated = await store.updateAgent(target.id, { ...changes, ...skills });
    const card = { id: updated.id, name: updated.name, skills: updated.skills, avatarUrl: updated.avatarUrl ?? null };
    link.input({ type: 'agent.updated', agent: card });
    if (changes.active === false) await endSignIns(target.id, 'deactivated');
    res.json(profile(updated));
  });

  return router;
}
