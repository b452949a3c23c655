import { type AgentProfile, AgentRole } from '@lifeline/shared';
import { type FormEvent, useState } from 'react';
import { useConsoleClient, useConsoleState } from '../hooks/useConsole.js';
import { ErrorAlert } from './ErrorAlert.js';

const ROLE_LABEL = { agent: 'Agent', supervisor: 'Supervisor', admin: 'Admin' };
const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Admins invite agents and set their skills, roles and access, with no database editing. */
export function AgentsAdmin() {
  const client = useConsoleClient();
  const admin = useConsoleState((s) => s.admin);
  const me = useConsoleState((s) => s.auth?.agent.id);

  const invite = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const ok = await client.admin.invite({
      name: String(data.get('name')),
      email: String(data.get('email')),
      role: AgentRole.parse(data.get('role')),
      languages: list(String(data.get('languages'))),
      areas: list(String(data.get('areas'))),
    });
    if (ok) form.reset();
  };

  return (
    <section className="agents-admin" aria-label="Agents">
      <ErrorAlert message={admin.error} />
      {/* A phone scrolls the table sideways inside its card, not the whole console. */}
      <div className="table-scroll">
        <table className="card">
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Role</th>
              <th scope="col">Languages</th>
              <th scope="col">Areas</th>
              <th scope="col">Photo</th>
              <th scope="col">Access</th>
            </tr>
          </thead>
          <tbody>
            {admin.agents.map((agent) => (
              <AgentRow key={agent.id} agent={agent} self={agent.id === me} />
            ))}
          </tbody>
        </table>
      </div>

      <form className="card invite" onSubmit={invite} aria-labelledby="invite-title">
        <h2 id="invite-title">Invite an agent</h2>
        <label>
          Name
          <input name="name" required maxLength={200} />
        </label>
        <label>
          Email
          <input name="email" type="email" required />
        </label>
        <label>
          Role
          <select name="role" defaultValue="agent">
            {AgentRole.options.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABEL[r]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Languages
          <input name="languages" defaultValue="en" placeholder="en, de" />
        </label>
        <label>
          Areas
          <input name="areas" placeholder="billing, setup" />
        </label>
        <button type="submit" className="primary">
          Send invitation
        </button>
        {admin.lastInvite && (
          <p role="status">
            Invitation for {admin.lastInvite.agent.email}: share this link (valid 7 days){' '}
            <input
              readOnly
              aria-label="Invitation link"
              value={admin.lastInvite.inviteUrl}
              onFocus={(e) => e.target.select()}
            />
          </p>
        )}
      </form>
    </section>
  );
}

function AgentRow({ agent, self }: { agent: AgentProfile; self: boolean }) {
  const client = useConsoleClient();
  const [languages, setLanguages] = useState(agent.languages.join(', '));
  const [areas, setAreas] = useState(agent.areas.join(', '));
  const [photo, setPhoto] = useState(agent.avatarUrl ?? '');
  const saveSkills = () => {
    const next = { languages: list(languages), areas: list(areas) };
    if (next.languages.join() !== agent.languages.join() || next.areas.join() !== agent.areas.join())
      void client.admin.change(agent.id, next);
  };
  return (
    <tr aria-label={agent.name} className={agent.active ? undefined : 'inactive'}>
      <td>
        <strong>{agent.name}</strong> <span className="muted">{agent.email}</span>
        {agent.invited && <span className="badge">Invited</span>}
      </td>
      <td>
        <select
          aria-label={`Role of ${agent.name}`}
          value={agent.role}
          disabled={self}
          onChange={(e) => void client.admin.change(agent.id, { role: AgentRole.parse(e.target.value) })}
        >
          {AgentRole.options.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABEL[r]}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input
          aria-label={`Languages of ${agent.name}`}
          value={languages}
          onChange={(e) => setLanguages(e.target.value)}
          onBlur={saveSkills}
        />
      </td>
      <td>
        <input
          aria-label={`Areas of ${agent.name}`}
          value={areas}
          onChange={(e) => setAreas(e.target.value)}
          onBlur={saveSkills}
        />
      </td>
      <td>
        {/* The user sees it the moment this agent answers. */}
        <input
          type="url"
          aria-label={`Photo of ${agent.name}`}
          placeholder="https://…"
          value={photo}
          onChange={(e) => setPhoto(e.target.value)}
          onBlur={() => {
            const next = photo.trim() || null;
            if (next !== (agent.avatarUrl ?? null)) void client.admin.change(agent.id, { avatarUrl: next });
          }}
        />
      </td>
      <td>
        {self ? (
          <span className="muted">You</span>
        ) : (
          <button type="button" onClick={() => void client.admin.change(agent.id, { active: !agent.active })}>
            {agent.active ? `Deactivate ${agent.name}` : `Reactivate ${agent.name}`}
          </button>
        )}
      </td>
    </tr>
  );
}
