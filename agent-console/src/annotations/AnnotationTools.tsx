import { ANNOTATION_COLOURS } from '@lifeline/shared/annotations';
import { useConsoleClient, useConsoleState } from '../hooks/useConsole.js';
import type { GuideTool } from '../state/store.js';

const COLOUR_NAMES: Record<(typeof ANNOTATION_COLOURS)[number], string> = {
  '#ff3b30': 'Red',
  '#ffcc00': 'Yellow',
  '#1f5eff': 'Blue',
};

/**
 * What the agent uses to guide the user: pointer and pen (on the page view or the screen
 * share), highlight and scroll-to (page view), the screen share and control requests where the
 * user's page allows them, and clear.
 */
export function AnnotationTools() {
  const client = useConsoleClient();
  const { tool, colour } = useConsoleState((s) => s.annotation);
  const page = useConsoleState((s) => s.call?.page);
  const onPage = page?.shown !== 'screen';
  const toggle = (name: GuideTool) => client.setAnnotationTool(tool === name ? null : name);
  const toolButton = (name: GuideTool, label: string) => (
    <button type="button" aria-pressed={tool === name} onClick={() => toggle(name)}>
      {label}
    </button>
  );
  return (
    <div className="annotation-tools" role="toolbar" aria-label="Drawing tools">
      {toolButton('pointer', 'Pointer')}
      {toolButton('pen', 'Pen')}
      {onPage && toolButton('highlight', 'Highlight')}
      {onPage && toolButton('scrollTo', 'Scroll to')}
      {ANNOTATION_COLOURS.map((c) => (
        <button
          key={c}
          type="button"
          className="swatch"
          aria-pressed={colour === c}
          aria-label={`${COLOUR_NAMES[c]} pen`}
          style={{ background: c }}
          onClick={() => client.setAnnotationColour(c)}
        />
      ))}
      <button type="button" onClick={() => client.annotate({ t: 'clear' })}>
        Clear drawings
      </button>
      {page?.caps?.screen && page.screen !== 'on' && (
        <button
          type="button"
          disabled={page.screen === 'asked'}
          onClick={() => client.requestOfPage({ t: 'screen.ask' })}
        >
          {page.screen === 'asked' ? 'Asked to see the screen…' : 'Ask to see screen'}
        </button>
      )}
      {page?.screen === 'declined' && <span role="status">The user declined the screen share.</span>}
      {page?.caps?.control && page.control !== 'on' && (
        <button
          type="button"
          disabled={page.control === 'asked'}
          onClick={() => client.requestOfPage({ t: 'control.ask' })}
        >
          {page.control === 'asked' ? 'Asked for control…' : 'Ask for control'}
        </button>
      )}
      {page?.control === 'declined' && <span role="status">The user declined control.</span>}
      {page?.control === 'on' && (
        <>
          {toolButton('control', 'Control')}
          <button type="button" onClick={() => client.requestOfPage({ t: 'control.stop' })}>
            Stop control
          </button>
        </>
      )}
    </div>
  );
}
