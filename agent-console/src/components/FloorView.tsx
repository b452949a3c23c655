import { useConsoleClient, useConsoleState } from '../hooks/useConsole.js';
import { useNow } from '../hooks/useNow.js';
import { minutesSeconds } from './labels.js';
import { MonitorView } from './MonitorView.js';
import { PRESENCE_LABEL } from './PresenceBar.js';

/** Supervisors' floor: the queue, the live calls (with silent monitoring), and the team. */
export function FloorView() {
  const floor = useConsoleState((s) => s.floor);
  const monitoring = useConsoleState((s) => s.monitoring);
  const client = useConsoleClient();
  const now = useNow(1000);
  if (!floor) return null;
  return (
    <section className="card floor" aria-label="Floor">
      <h2>Queue ({floor.waitingCount.toLocaleString('en')})</h2>
      {floor.waitingCount > floor.waiting.length && (
        <p className="muted">
          The first {floor.waiting.length} of {floor.waitingCount.toLocaleString('en')} are listed.
        </p>
      )}
      {floor.waiting.length === 0 ? (
        <p className="muted">Nobody is waiting.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">User</th>
              <th scope="col">Language</th>
              <th scope="col">Tier</th>
              <th scope="col">Waiting</th>
            </tr>
          </thead>
          <tbody>
            {floor.waiting.map((w) => (
              <tr key={w.sessionId}>
                <td>{w.position}</td>
                <td>
                  {w.name ?? 'Visitor'}
                  {w.callback && ' (callback)'}
                  {w.offeredTo && <span className="muted"> ringing {w.offeredTo}</span>}
                </td>
                <td>{w.language ?? '–'}</td>
                <td>{w.tier}</td>
                <td>{minutesSeconds(w.waitedMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Live calls ({floor.calls.length})</h2>
      {floor.calls.length === 0 ? (
        <p className="muted">No call in progress.</p>
      ) : (
        <ul className="calls">
          {floor.calls.map((c) => (
            <li key={c.sessionId}>
              {c.agentName} with {c.userName ?? 'a visitor'}
              {c.startedAt !== null && <span className="muted"> for {minutesSeconds(now - c.startedAt)}</span>}
              {floor.media === 'livekit' && monitoring?.sessionId !== c.sessionId && (
                <button type="button" onClick={() => void client.supervision.startMonitoring(c.sessionId)}>
                  Monitor
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {monitoring && <MonitorView />}
      <h2>Team</h2>
      <ul className="team">
        {floor.agents.map((a) => (
          <li key={a.id}>
            {a.name} <span className={`status status-${a.presence}`}>{PRESENCE_LABEL[a.presence]}</span>
            {a.awayReason && <span className="muted"> ({a.awayReason})</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
