/**
 * The panel's styles, shipped as written (comments here, not in the string, cost no bytes):
 * - minimised, only the header shows, whatever the layout (`!important` beats the phone's);
 * - an empty line (no note, not reconnecting) takes no row, yet stays a live region;
 * - a phone, upright or sideways (or any window under 560 px high), in a call: the agent's face
 *   small beside the words, so the page stays in sight and the whole panel fits on the screen.
 */
export const PANEL_CSS = `
.panel { --accent: #1f5eff; --on-accent: #fff; position: fixed; right: 20px; bottom: 20px; z-index: 2147483001; width: min(340px, calc(100vw - 40px));
  box-sizing: border-box; padding: 16px; border-radius: 14px; background: #fff; color: #1d2330;
  font: 15px/1.45 system-ui, sans-serif; box-shadow: 0 8px 32px rgba(0,0,0,.3); display: grid; gap: 12px;
  max-height: calc(100vh - 16px); max-height: calc(100dvh - 16px); overflow-y: auto; }
.panel[hidden] { display: none; }
.panel h2 { margin: 0; font-size: 17px; cursor: move; touch-action: none; flex: 1; }
.header { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
.header .minimise { padding: 6px 10px; font-size: 13px; }
.panel.minimised { width: auto; }
.panel.minimised > :not(.header) { display: none !important; }
.header .sharing { order: 3; flex-basis: 100%; }
.panel:not(.minimised) .header .sharing, .panel:not(.is-sharing) .header .sharing { display: none; }
:host([data-position='bottom-left']) .panel { right: auto; left: 20px; }
.panel p { margin: 0; }
.panel > p:empty { position: absolute; }
.video { width: 100%; aspect-ratio: 4 / 3; border-radius: 10px; background: #111; object-fit: cover; }
.video[hidden] { display: none; }
.note { color: #8a4b00; font-size: 13px; }
.annotations { position: fixed; inset: 0; width: 100vw; height: 100vh; pointer-events: none; z-index: 2147482999; }
.actions { display: flex; gap: 8px; flex-wrap: wrap; }
.rating { display: grid; gap: 8px; }
.rating [role='group'] { display: flex; gap: 6px; }
.rating button[aria-pressed='true'] { background: var(--accent); border-color: var(--accent); color: var(--on-accent); }
.rating label { display: grid; gap: 4px; font-size: 13px; }
.rating textarea { font: inherit; min-height: 56px; }
button { font: 600 14px/1 system-ui, sans-serif; padding: 10px 14px; border-radius: 8px; border: 1px solid #c4ccd8;
  background: #fff; color: #1d2330; cursor: pointer; }
button.primary { background: var(--accent); border-color: var(--accent); color: var(--on-accent); }
.before { display: grid; gap: 8px; }
.agent { display: flex; align-items: center; gap: 10px; }
.agent img { width: 48px; height: 48px; border-radius: 50%; object-fit: cover; flex: none; }
.live, .sharing { display: flex; align-items: center; gap: 6px; font-size: 13px; font-weight: 600; }
.live .dot, .sharing .dot { width: 10px; height: 10px; border-radius: 50%; background: #c62828; flex: none; }
.live [role='timer'] { font-variant-numeric: tabular-nums; }
.rating .scale { font-size: 12px; opacity: .8; }
.availability { font-size: 13px; }
.topics { display: grid; gap: 4px; margin: 0; padding: 8px 10px; border: 1px solid #c4ccd8; border-radius: 8px; }
.topics legend { font-size: 13px; font-weight: 600; padding: 0 4px; }
.topics label { display: flex; gap: 6px; align-items: center; font-size: 14px; }
.brand { display: flex; align-items: center; gap: 6px; font-weight: 600; font-size: 13px; }
.brand img { height: 24px; max-width: 96px; object-fit: contain; }
.brand[hidden], .brand img[hidden] { display: none; }
button.danger { background: #c62828; border-color: #c62828; color: #fff; }
button:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
:host([data-theme='dark']) .panel { --accent: #5b8cff; --on-accent: #0b1020; background: #1d2330; color: #eef1f6; }
:host([data-theme='dark']) button { background: #2a3242; color: #eef1f6; border-color: #3c4657; }
:host([data-theme='dark']) .note { color: #ffb74d; }
@media (max-width: 480px) {
  .panel { right: 8px; left: 8px; bottom: 8px; width: auto; }
}
@media (max-width: 480px), (max-height: 560px) {
  .panel.with-video { grid-template-columns: 96px 1fr; gap: 8px 12px; padding: 12px; }
  .panel.with-video > * { grid-column: 1 / -1; }
  .panel.with-video > :not(.header, .video, .actions) { grid-column: 2; }
  .panel.with-video > .video { grid-column: 1; grid-row: 2 / span 2; align-self: start; aspect-ratio: 3 / 4; }
  .panel.with-video button { padding: 8px 10px; font-size: 13px; }
  .panel.with-video .live { display: block; }
  .panel.with-video .live .dot { display: inline-block; margin-inline-end: 6px; }
}
`;
