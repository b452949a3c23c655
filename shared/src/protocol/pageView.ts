/**
 * The page view and guiding messages that travel on the call's data path beside the
 * annotations (see annotations.ts): the user's page as rrweb events, and the agent's requests.
 *
 * Hand-written guards, not zod: this module is in the widget's panel, whose size is budgeted.
 */

/** The user's page -> the agent's console. */
export type PageMessage =
  /**
   * One piece of a batch of rrweb events: the batch's JSON array, cut into `n` pieces so no
   * data channel message is larger than the smallest limit browsers agree on. `z`: the batch
   * is deflated and base64-encoded (see pageCompression.ts).
   */
  | { t: 'pv'; b: number; i: number; n: number; d: string; z?: 1 }
  /** What this page allows: control by the agent (the host's flag), a screen share (the browser). */
  | { t: 'caps'; control: boolean; screen: boolean }
  /** The user's answer to a request, or the user taking control back. */
  | { t: 'control'; state: 'granted' | 'declined' | 'ended' }
  | { t: 'screen'; state: 'declined' }
  /** Page view paused by the user (nothing is sent until resumed). */
  | { t: 'paused'; paused: boolean }
  /**
   * Where the help panel covers the user's page, null while it is closed: the agent's mirror
   * shows it, since the user cannot see what lies under it.
   */
  | { t: 'panel'; at: PanelPlace | null };

/** A box on the user's screen, in CSS pixels of their viewport. */
export interface PanelPlace {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The agent's console -> the user's page (beside annotations). */
export type AgentRequest =
  /** "Send me the whole page again": on joining, and whenever the mirror lost its place. */
  | { t: 'sync' }
  | { t: 'control.ask' }
  | { t: 'control.stop' }
  | { t: 'screen.ask' }
  /** Under control: click an element, or type into a field (never a private one). */
  | { t: 'act'; a: 'click'; on: number }
  | { t: 'act'; a: 'input'; on: number; v: string };

/**
 * Every message stays under 16 KiB, which every browser's SCTP stack and LiveKit's reliable
 * data deliver whole: 4,000 characters, even if all are 3-byte UTF-8 or escaped quotes.
 */
export const PAGE_CHUNK_CHARS = 4_000;
/** A batch of more pieces than this is refused (a 30 MB page is not a page view). */
const MAX_PIECES = 2_000;
const MAX_TYPED = 2_000;
/** No screen is wider or taller than this many CSS pixels. */
const MAX_PX = 100_000;

const count = (v: unknown, max = Number.MAX_SAFE_INTEGER): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
const nodeId = (v: unknown): v is number => count(v) && v > 0;

function object(raw: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(raw) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A message from the user's page, or null for anything malformed or not of this kind. */
export function parsePageMessage(raw: string): PageMessage | null {
  const v = object(raw);
  if (!v) return null;
  switch (v.t) {
    case 'pv':
      if (!count(v.b) || !count(v.n, MAX_PIECES) || v.n === 0 || !count(v.i, v.n - 1)) return null;
      if (typeof v.d !== 'string' || v.d.length > PAGE_CHUNK_CHARS) return null;
      return { t: 'pv', b: v.b, i: v.i, n: v.n, d: v.d, ...(v.z === 1 ? { z: 1 as const } : {}) };
    case 'caps':
      return { t: 'caps', control: v.control === true, screen: v.screen === true };
    case 'control':
      return v.state === 'granted' || v.state === 'declined' || v.state === 'ended'
        ? { t: 'control', state: v.state }
        : null;
    case 'screen':
      return v.state === 'declined' ? { t: 'screen', state: 'declined' } : null;
    case 'paused':
      return { t: 'paused', paused: v.paused === true };
    case 'panel':
      return v.at === null ? { t: 'panel', at: null } : panelPlace(v.at);
    default:
      return null;
  }
}

function panelPlace(raw: unknown): PageMessage | null {
  const at = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const { x, y, w, h } = at;
  if (!count(x, MAX_PX) || !count(y, MAX_PX) || !count(w, MAX_PX) || !count(h, MAX_PX)) return null;
  return { t: 'panel', at: { x, y, w, h } };
}

/** A request from the agent, or null for anything malformed or not of this kind. */
export function parseAgentRequest(raw: string): AgentRequest | null {
  const v = object(raw);
  if (!v) return null;
  switch (v.t) {
    case 'sync':
    case 'control.ask':
    case 'control.stop':
    case 'screen.ask':
      return { t: v.t };
    case 'act':
      if (!nodeId(v.on)) return null;
      if (v.a === 'click') return { t: 'act', a: 'click', on: v.on };
      if (v.a === 'input' && typeof v.v === 'string' && v.v.length <= MAX_TYPED)
        return { t: 'act', a: 'input', on: v.on, v: v.v };
      return null;
    default:
      return null;
  }
}

/** Cuts one batch (its JSON, or that deflated in base64) into data channel messages. */
export function pagePieces(batch: number, data: string, size = PAGE_CHUNK_CHARS, compressed = false): string[] {
  const n = Math.max(1, Math.ceil(data.length / size));
  const pieces: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = data.slice(i * size, (i + 1) * size);
    const piece: PageMessage = { t: 'pv', b: batch, i, n, d, ...(compressed ? { z: 1 as const } : {}) };
    pieces.push(JSON.stringify(piece));
  }
  return pieces;
}

/**
 * Puts batches back together on the agent's side. The channel is ordered and batches are
 * numbered in a row, so a missing piece or a skipped batch means the mirror has lost its
 * place: `gap` says so, and the console asks for a full snapshot.
 */
export class PageAssembler {
  /** The batch expected next; null accepts any (a new sender after a reconnect or transfer). */
  private next: number | null = null;
  private pieces: string[] = [];

  /** `json`: the batch once whole (`compressed`: still deflated, in base64). */
  add(piece: Extract<PageMessage, { t: 'pv' }>): { json: string | null; gap: boolean; compressed: boolean } {
    const compressed = piece.z === 1;
    let gap = false;
    const continues = this.pieces.length > 0 && piece.b === this.next && piece.i === this.pieces.length;
    if (!continues) {
      gap = this.pieces.length > 0 || piece.i !== 0 || (this.next !== null && piece.b !== this.next);
      this.pieces = [];
      if (piece.i !== 0) {
        this.next = null;
        return { json: null, gap, compressed };
      }
      this.next = piece.b;
    }
    this.pieces.push(piece.d);
    if (this.pieces.length < piece.n) return { json: null, gap, compressed };
    const json = this.pieces.join('');
    this.pieces = [];
    this.next = piece.b + 1;
    return { json, gap, compressed };
  }

  /** A new sender (a reconnect, a transfer): accept whichever batch comes next. */
  reset(): void {
    this.next = null;
    this.pieces = [];
  }
}

/**
 * How an element of the page is named, to the agent and on the session's timeline:
 * "button “Pay now”", "field “Name”". Never a field's value; `hideText` also keeps a private
 * element's own text out.
 */
export function describeTarget(element: Element, hideText: boolean): string {
  const field = element.matches('input, textarea, select');
  const kind = field
    ? 'field'
    : element.matches('a[href]')
      ? 'link'
      : element.matches('button, [role="button"]')
        ? 'button'
        : element.tagName.toLowerCase();
  const labelled =
    (element as HTMLInputElement).labels?.[0]?.textContent ||
    element.getAttribute('aria-label') ||
    element.getAttribute('placeholder') ||
    (field ? element.getAttribute('name') : null) ||
    (field || hideText ? '' : element.textContent) ||
    '';
  const label = labelled.trim().replace(/\s+/g, ' ').slice(0, 60);
  return label ? `${kind} “${label}”` : kind;
}
