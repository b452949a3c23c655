import { ANNOTATION_COLOURS } from '@lifeline/shared/annotations';
import { useConsoleClient, useConsoleState } from '../hooks/useConsole.js';

const COLOUR_NAMES: Record<(typeof ANNOTATION_COLOURS)[number], string> = {
  '#ff3b30': 'Red',
  '#ffcc00': 'Yellow',
  '#1f5eff': 'Blue',
};

/** Pointer, pen, colours and clear: what the agent uses to guide the user on their own screen. */
export function AnnotationTools() {
  const client = useConsoleClient();
  const { tool, colour } = useConsoleState((s) => s.annotation);
  return (
    <div className="annotation-tools" role="toolbar" aria-label="Drawing tools">
      <button
        type="button"
        aria-pressed={tool === 'pointer'}
        onClick={() => client.setAnnotationTool(tool === 'pointer' ? null : 'pointer')}
      >
        Pointer
      </button>
      <button
        type="button"
        aria-pressed={tool === 'pen'}
        onClick={() => client.setAnnotationTool(tool === 'pen' ? null : 'pen')}
      >
        Pen
      </button>
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
    </div>
  );
}
