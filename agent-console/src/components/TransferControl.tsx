import type { TeamReply } from '@lifeline/shared';
import { useState } from 'react';
import { useConsoleClient, useConsoleState } from '../hooks/useConsole.js';
import { fetchTeam } from '../transport/api.js';

type Colleague = TeamReply['agents'][number];

/**
 * Hand the call to a colleague, or to whoever is free with a skill, with a note they read
 * before accepting. The user stays with this agent until the colleague accepts.
 */
export function TransferControl() {
  const client = useConsoleClient();
  const token = useConsoleState((s) => s.auth?.token);
  const self = useConsoleState((s) => s.auth?.agent.id);
  const transfer = useConsoleState((s) => s.call?.transfer ?? null);
  const [team, setTeam] = useState<Colleague[] | null>(null);
  const [target, setTarget] = useState('');
  const [note, setNote] = useState('');

  const open = async () => {
    if (!token) return;
    const { agents } = await fetchTeam(token).catch(() => ({ agents: [] as Colleague[] }));
    const others = agents.filter((a) => a.id !== self);
    setTeam(others);
    setTarget(others.find((a) => a.presence === 'available')?.id ?? '');
  };

  if (transfer?.status === 'ringing') return <span role="status">Transferring to {transfer.toAgentName}…</span>;
  if (!team) {
    return (
      <>
        {transfer?.status === 'failed' && <span role="status">{transfer.reason}</span>}
        <button type="button" onClick={() => void open()}>
          Transfer
        </button>
      </>
    );
  }
  const areas = [...new Set(team.flatMap((a) => a.areas))];
  const send = () => {
    const to = target.startsWith('area:') ? { area: target.slice(5) } : { agentId: target };
    client.transfer(to, note.trim());
    setTeam(null);
    setNote('');
  };
  return (
    <form
      className="transfer"
      aria-label="Transfer the call"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <label>
        Transfer to
        <select value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value="">Choose…</option>
          {team.map((a) => (
            <option key={a.id} value={a.id} disabled={a.presence !== 'available'}>
              {a.name} ({a.presence === 'available' ? 'available' : 'not available'})
            </option>
          ))}
          {areas.map((area) => (
            <option key={area} value={`area:${area}`}>
              Anyone free in {area}
            </option>
          ))}
        </select>
      </label>
      <label>
        Note for your colleague
        <textarea value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={!target}>
        Send transfer
      </button>
      <button type="button" onClick={() => setTeam(null)}>
        Cancel
      </button>
    </form>
  );
}
