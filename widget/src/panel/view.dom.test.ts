import { afterEach, describe, expect, test, vi } from 'vitest';
import type { CallState } from './callState.js';
import arabic from './i18n/ar.json';
import german from './i18n/de.json';
import { buildStrings, en, loadStrings } from './strings.js';
import { PanelView, type ViewActions } from './view.js';

function setup(locale = 'en') {
  const host = document.createElement('div');
  document.body.append(host);
  const root = host.attachShadow({ mode: 'open' });
  const act: ViewActions = {
    start: vi.fn(),
    callback: vi.fn(),
    schedule: vi.fn(),
    book: vi.fn(),
    cancelCallback: vi.fn(),
    rate: vi.fn(),
    share: vi.fn(),
    answer: vi.fn(),
    stopScreenShare: vi.fn(),
    stopControl: vi.fn(),
    clearDrawings: vi.fn(),
    retryMic: vi.fn(),
    end: vi.fn(),
    close: vi.fn(),
  };
  const catalog = locale.startsWith('de') ? german : locale.startsWith('ar') ? arabic : null;
  const view = new PanelView(root, act, catalog ? buildStrings(locale, catalog) : en);
  view.show(true);
  const panel = root.querySelector('[role=dialog]') as HTMLElement;
  const buttons = () =>
    [...root.querySelectorAll('.actions button, .rating button')].map(
      (b) => b.getAttribute('aria-label') ?? b.textContent,
    );
  const click = (label: string) => {
    const button = [...root.querySelectorAll('button')].find(
      (b) => b.textContent === label || b.getAttribute('aria-label') === label,
    );
    if (!button) throw new Error(`no button ${label}; have ${buttons().join(', ')}`);
    button.click();
  };
  const status = () => root.querySelector('[aria-live=polite]')?.textContent;
  const note = () => [...root.querySelectorAll('.note')].map((n) => n.textContent).join('');
  return { view, act, root, panel, buttons, click, status, note };
}

afterEach(() => {
  document.body.replaceChildren();
});

const waiting = (changes: Partial<Extract<CallState, { kind: 'waiting' }>> = {}): CallState => ({
  kind: 'waiting',
  position: 3,
  etaMs: 90_000,
  noAgents: false,
  micOn: true,
  requeued: false,
  closed: false,
  callback: false,
  identified: false,
  recorded: false,
  ...changes,
});
const inCall = (changes: Partial<Extract<CallState, { kind: 'inCall' }>> = {}): CallState => ({
  kind: 'inCall',
  agentName: 'Alex',
  since: Date.now(),
  micOn: true,
  screenPaused: false,
  micMuted: false,
  recorded: false,
  sharingScreen: false,
  asking: null,
  controlled: false,
  privateFields: 0,
  ...changes,
});

describe('every state of the panel', () => {
  test('consent says the agent sees this page, not the user and not their passwords; Start or Not now', () => {
    const { view, status, buttons, click, act, root } = setup();
    view.render({ kind: 'consent' });
    expect(root.querySelector('h2')?.textContent).toBe('Talk to a person');
    expect(status()).toContain('The agent will see this page and hear you.');
    expect(status()).toContain("They won't see you, and they won't see your passwords");
    expect(buttons()).toEqual(['Start call', 'Not now']);
    click('Start call');
    expect(act.start).toHaveBeenCalled();
  });

  test('starting needs no choice from the user (no screen picker), and still has a way out', () => {
    const { view, status, buttons, click, act } = setup();
    view.render({ kind: 'starting' });
    expect(status()).toBe('Getting ready…');
    expect(buttons()).toEqual(['Not now']);
    click('Not now');
    expect(act.end).toHaveBeenCalled();
  });

  test('a service too busy to take the request yet says so, and that the place in line is kept', () => {
    const { view, status, buttons } = setup();
    view.render({ kind: 'starting', busy: true });
    expect(status()).toBe('Lots of people are asking for help right now. Your place in line is kept: connecting you…');
    expect(buttons()).toEqual(['Not now']);
  });

  test('waiting shows position and ETA, live; leaving the queue is one press', () => {
    const { view, status, buttons, click, act } = setup();
    view.render(waiting({ position: null, etaMs: null }));
    expect(status()).toBe('Finding someone to help you…');
    view.render(waiting({ position: 1, etaMs: 20_000 }));
    expect(status()).toBe("You're next in line. Someone will be with you in less than a minute.");
    view.render(waiting());
    expect(status()).toBe("You're number 3 in line. Someone should be with you in 2 minutes.");
    // The range the server states: the likely wait, and what it usually stays under (rounded up).
    view.render(waiting({ etaMs: 130_000, etaUpToMs: 4.2 * 60_000 }));
    expect(status()).toBe(
      "You're number 3 in line. Someone should be with you in 2 minutes (usually within 5 minutes).",
    );
    view.render(waiting({ etaMs: 20_000, etaUpToMs: 50_000 }));
    expect(status()).toBe("You're number 3 in line. Someone will be with you in less than a minute.");
    expect(buttons()).toEqual(['Leave the queue']);
    click('Leave the queue');
    expect(act.end).toHaveBeenCalled();
  });

  test('a long wait or no one online offers a callback; closed hours offer it first; a confirmed one says so', () => {
    const { view, status, buttons } = setup();
    view.render(waiting({ etaMs: 6 * 60_000 }));
    expect(buttons()).toEqual(['Call me back here', 'Leave the queue']);
    view.render(waiting({ noAgents: true }));
    expect(status()).toContain('No one is available right now.');
    view.render(waiting({ closed: true }));
    expect(status()).toBe("We're closed right now, so no one can join you live.");
    expect(buttons()).toEqual(['Call me back here', 'Leave the queue']);
    view.render(waiting({ callback: true }));
    expect(status()).toContain('The next person free will call you back here');
    expect(buttons()).toEqual(['Leave the queue']);
  });

  test('requeued after the agent dropped; recorded calls are announced before they start', () => {
    const { view, status, note } = setup();
    view.render(waiting({ requeued: true, position: 1, recorded: true }));
    expect(status()).toContain("You're first in line for the next person.");
    expect(note()).toBe('This call will be recorded to help us improve.');
  });

  test('without a microphone the user is told, and can turn it on later', () => {
    const { view, note, buttons, click, act } = setup();
    view.render(waiting({ micOn: false }));
    expect(note()).toContain("Your microphone is off, so the agent can't hear you.");
    expect(buttons()).toContain('Turn on my microphone');
    view.render(inCall({ micOn: false }));
    expect(buttons()).toEqual(['Pause sharing', 'Turn on my microphone', 'Clear drawings', 'End call']);
    click('Turn on my microphone');
    expect(act.retryMic).toHaveBeenCalled();
  });

  test('connecting names the agent and shows their video', () => {
    const {
      view,
      status,
      buttons,
      view: { agentVideo },
    } = setup();
    view.render({ kind: 'connecting', agentName: 'Alex', micOn: true, recorded: false });
    expect(status()).toBe('Connecting you to Alex…');
    expect(agentVideo.hidden).toBe(false);
    expect(buttons()).toEqual(['End call']);
  });

  test('in a call: pause and resume sharing, mute and unmute, clear drawings, end', () => {
    const { view, status, buttons, click, act } = setup();
    view.render(inCall());
    expect(status()).toBe('Alex can see this page and hear you.');
    expect(buttons()).toEqual(['Pause sharing', 'Mute', 'Clear drawings', 'End call']);
    click('Pause sharing');
    expect(act.share).toHaveBeenCalledWith({ screenPaused: true });
    click('Mute');
    expect(act.share).toHaveBeenCalledWith({ micMuted: true });
    view.render(inCall({ screenPaused: true, micMuted: true }));
    expect(status()).toBe('Sharing is paused: the agent sees nothing new until you resume.');
    expect(buttons()).toEqual(['Resume sharing', 'Unmute', 'Clear drawings', 'End call']);
    click('Clear drawings');
    expect(act.clearDrawings).toHaveBeenCalled();
  });

  test('the user sees which fields are hidden from the agent', () => {
    const { view, status } = setup();
    view.render(inCall({ privateFields: 2 }));
    expect(status()).toBe(
      'Alex can see this page and hear you. 2 private fields on this page are hidden from the agent.',
    );
    view.render(inCall({ privateFields: 1 }));
    expect(status()).toContain('One private field on this page is hidden from the agent.');
  });

  test('the agent asks to see the screen: share or decline; a share can be stopped', () => {
    const { view, status, buttons, click, act } = setup();
    view.render(inCall({ asking: 'screen' }));
    expect(status()).toBe('Alex asks to see your screen, to help with something outside this page.');
    expect(buttons()).toEqual(['Share my screen', 'No thanks']);
    click('Share my screen');
    expect(act.answer).toHaveBeenCalledWith(true);
    view.render(inCall({ sharingScreen: true }));
    expect(buttons()).toEqual(['Pause sharing', 'Mute', 'Stop screen share', 'Clear drawings', 'End call']);
    click('Stop screen share');
    expect(act.stopScreenShare).toHaveBeenCalled();
  });

  test('the agent asks for control: allow or decline; while controlled a banner names them, with Stop', () => {
    const { view, status, buttons, click, act } = setup();
    view.render(inCall({ asking: 'control' }));
    expect(status()).toContain('Alex asks to click and type on this page for you.');
    expect(buttons()).toEqual(['Allow', 'No thanks']);
    click('No thanks');
    expect(act.answer).toHaveBeenCalledWith(false);
    view.render(inCall({ controlled: true }));
    expect(status()).toBe('Alex is controlling this page.');
    expect(buttons()).toEqual(['Stop', 'End call']);
    click('Stop');
    expect(act.stopControl).toHaveBeenCalled();
  });

  test('ended: one tap rates 1-5, then an optional comment; thanks at the end; a queue exit is not rated', () => {
    const { view, status, buttons, click, act, root } = setup();
    const ended = {
      ...({ kind: 'ended', reason: 'agent_ended', canRate: true, rated: null, commented: false } as const),
      promise: null,
    };
    view.render(ended);
    expect(status()).toBe('The agent ended the call. Thank you!');
    expect(buttons()).toEqual([1, 2, 3, 4, 5].map((n) => `Rate ${n} out of 5`).concat('Close'));
    // The scale says what 1 and 5 mean, and the group is described by it.
    const scale = root.querySelector('.rating .scale');
    expect(scale?.textContent).toBe('1 = poor, 5 = excellent');
    expect(root.querySelector('.rating [role=group]')?.getAttribute('aria-describedby')).toBe(scale?.id);
    click('Rate 4 out of 5');
    expect(act.rate).toHaveBeenCalledWith(4);
    view.render({ ...ended, rated: 4 });
    expect(root.querySelector('[aria-pressed=true]')?.getAttribute('aria-label')).toBe('Rate 4 out of 5');
    (root.querySelector('textarea') as HTMLTextAreaElement).value = ' Quick and kind ';
    click('Send comment');
    expect(act.rate).toHaveBeenCalledWith(4, 'Quick and kind');
    view.render({ ...ended, rated: 4, commented: true });
    expect(root.querySelector('.rating')?.textContent).toBe(
      'Thank you for your feedback: it goes to the team that helped you. You can close this panel now.',
    );
    view.render({
      kind: 'ended',
      reason: 'user_cancelled',
      canRate: false,
      rated: null,
      commented: false,
      promise: null,
    });
    expect(buttons()).toEqual(['Close']);
  });

  test('an identified user with a long wait books a callback at a time they pick, then may cancel it', () => {
    const { view, status, buttons, click, act, root } = setup();
    view.render(waiting({ identified: true, noAgents: true }));
    expect(buttons()).toEqual(['Call me back later', 'Leave the queue']);
    click('Call me back later');
    expect(act.schedule).toHaveBeenCalled();
    view.render({ kind: 'scheduling', slots: null, error: null });
    expect(status()).toBe('Finding times the team can call…');
    const slot = Date.UTC(2026, 10, 24, 15, 0);
    view.render({ kind: 'scheduling', slots: [slot], error: null });
    const select = root.querySelector('select') as HTMLSelectElement;
    expect(select.closest('label')?.textContent).toContain('Time');
    expect([...select.options].map((o) => o.value)).toEqual(['', String(slot)]);
    select.value = String(slot);
    click('Book callback');
    expect(act.book).toHaveBeenCalledWith(slot);
    view.render({ kind: 'scheduling', slots: [slot], error: 'that time is no longer free: pick another' });
    expect(status()).toContain("That didn't work: that time is no longer free");
    view.render({ kind: 'scheduled', id: 'c1', dueAt: Date.now() + 3_600_000, agentName: null, cancelled: false });
    expect(status()).toMatch(/^We will call you back on .+\. You can close this page/);
    click('Cancel callback');
    expect(act.cancelCallback).toHaveBeenCalled();
    view.render({ kind: 'scheduled', id: 'c1', dueAt: 0, agentName: null, cancelled: true });
    expect(buttons()).toEqual(['Talk to someone now', 'Close']);
    click('Talk to someone now');
    expect(act.start).toHaveBeenCalled();
  });

  test("an anonymous user is offered the callback that rings here; a call's end shows the agent's promise", () => {
    const { view, status, buttons } = setup();
    view.render(waiting({ noAgents: true }));
    expect(buttons()).toEqual(['Call me back here', 'Leave the queue']);
    const promise = { dueAt: Date.UTC(2026, 10, 24, 15, 0), agentName: 'Alex' };
    view.render({ kind: 'ended', reason: 'agent_ended', canRate: false, rated: null, commented: false, promise });
    expect(status()).toMatch(/^The agent ended the call\. Thank you! Alex will call you back on .+\.$/);
  });

  test.each([
    ['no_webrtc', "This browser can't make video calls."],
    ['server_unreachable', "We couldn't reach the help service."],
    ['service_busy', "So many people are asking for help right now that we couldn't take your request yet."],
    ['media_unreachable', "We couldn't connect the call's video."],
  ] as const)('failed (%s) explains in plain words and offers Try again', (problem, text) => {
    const { view, status, buttons, click, act } = setup();
    view.render({ kind: 'failed', problem });
    expect(status()).toContain(text);
    expect(buttons()).toEqual(['Try again', 'Close']);
    // Asks again for help with no topic, never with the click's event as one (the server refuses that).
    click('Try again');
    expect(act.start).toHaveBeenCalledWith();
  });

  test('reconnecting is announced and cleared', () => {
    const { view, root } = setup();
    view.setReconnecting(true);
    expect(root.querySelector('[role=status]')?.textContent).toBe('Reconnecting…');
    view.setReconnecting(false);
    expect(root.querySelector('[role=status]')?.textContent).toBe('');
  });
});

describe('the panel around the states', () => {
  test('minimise hides the call but keeps the title and a way back', () => {
    const { view, panel, click, root } = setup();
    view.render(inCall());
    click('Minimise');
    expect(panel.classList.contains('minimised')).toBe(true);
    const toggle = root.querySelector('.minimise') as HTMLButtonElement;
    expect(toggle.textContent).toBe('Show the call');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    click('Show the call');
    expect(panel.classList.contains('minimised')).toBe(false);
  });

  test('the arrow keys move the panel 16 px in their direction, and never out of the window', () => {
    const { view, panel, root } = setup();
    view.render(inCall());
    // The DOM shim lays nothing out: give the panel a real 320×400 box where its style puts it.
    const size = { width: 320, height: 400 };
    Object.defineProperty(panel, 'offsetWidth', { value: size.width });
    Object.defineProperty(panel, 'offsetHeight', { value: size.height });
    panel.style.left = '600px';
    panel.style.top = '300px';
    panel.getBoundingClientRect = () => {
      const left = Number.parseFloat(panel.style.left);
      const top = Number.parseFloat(panel.style.top);
      return { left, top, x: left, y: top, ...size, right: left + size.width, bottom: top + size.height } as DOMRect;
    };
    const handle = root.querySelector('h2') as HTMLElement;
    const press = (key: string, times = 1) => {
      for (let i = 0; i < times; i++) handle.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
      return [panel.style.left, panel.style.top];
    };
    expect(press('ArrowLeft')).toEqual(['584px', '300px']);
    expect(press('ArrowDown')).toEqual(['584px', '316px']);
    expect(press('ArrowRight', 2)).toEqual(['616px', '316px']);
    expect(press('ArrowUp')).toEqual(['616px', '300px']);
    // Clamped to the window on every side.
    expect(press('ArrowUp', 500)).toEqual(['616px', '0px']);
    expect(press('ArrowLeft', 500)).toEqual(['0px', '0px']);
    expect(press('ArrowRight', 500)).toEqual([`${innerWidth - size.width}px`, '0px']);
    expect(press('ArrowDown', 500)).toEqual([`${innerWidth - size.width}px`, `${innerHeight - size.height}px`]);
    // Other keys do nothing.
    expect(press('a')).toEqual([`${innerWidth - size.width}px`, `${innerHeight - size.height}px`]);
  });

  test("German: the whole panel speaks the user's language", () => {
    const { view, status, buttons, root } = setup('de-AT');
    view.render(inCall());
    expect(root.querySelector('[role=dialog]')?.getAttribute('aria-label')).toBe('Live-Hilfe');
    expect(status()).toBe('Alex sieht diese Seite und hört Sie.');
    expect(buttons()).toEqual(['Teilen pausieren', 'Stumm', 'Zeichnungen löschen', 'Anruf beenden']);
  });

  test('a language loads with the panel, and an unknown one falls back to English', async () => {
    expect((await loadStrings('fr-FR')).title).toBe('Aide en direct');
    expect((await loadStrings('DE')).title).toBe('Live-Hilfe');
    expect((await loadStrings('pt-BR')).start).toBe('Iniciar chamada');
    expect(await loadStrings('xx-YY')).toBe(en);
  });

  test('Arabic: the panel reads right to left, with its own plural forms', () => {
    const { view, status, root } = setup('ar');
    const panel = root.querySelector('[role=dialog]') as HTMLElement;
    expect(panel.dir).toBe('rtl');
    expect(panel.lang).toBe('ar');
    view.render(waiting({ position: 2, etaMs: 130_000 }));
    expect(status()).toMatch(/^ترتيبك الثاني في الدور\. /);
    const strings = buildStrings('ar', arabic);
    expect(strings.privateFields(1)).toBe('حقل خاص واحد في هذه الصفحة مخفي عن الموظف.');
    expect(strings.privateFields(2)).toBe('حقلان خاصان في هذه الصفحة مخفيان عن الموظف.');
    expect(strings.privateFields(5)).toBe('5 حقول خاصة في هذه الصفحة مخفية عن الموظف.');
  });
});

test("the host's brand: logo and name in the header, its colour on the main button with readable words; unset, the defaults", () => {
  const { root, view } = setup('en');
  view.render({ kind: 'consent' });
  view.setBrand({ color: '#ffeb3b', brand: 'Acme Books', logo: 'https://acme.example/logo.svg' });
  const brand = root.querySelector('.brand') as HTMLElement;
  expect(brand.hidden).toBe(false);
  expect(brand.textContent).toBe('Acme Books');
  expect(root.querySelector('.brand img')?.getAttribute('src')).toBe('https://acme.example/logo.svg');
  const panel = root.querySelector('.panel') as HTMLElement;
  expect(panel.style.getPropertyValue('--accent')).toBe('#ffeb3b');
  expect(panel.style.getPropertyValue('--on-accent')).toBe('#000000'); // black reads on yellow
  view.setBrand({ color: null, brand: null, logo: null });
  expect(brand.hidden).toBe(true);
  expect(panel.style.getPropertyValue('--accent')).toBe('');
});

describe('before the call', () => {
  const availability = {
    open: true,
    nextOpenAt: null,
    agentsOnline: 3,
    agentsAvailable: 1,
    etaMs: 20_000,
    topics: [
      { area: 'billing', label: 'Billing and invoices' },
      { area: 'export', label: 'Exporting data' },
    ],
  };

  test('says who is online and how soon, offers the topics, and starts the call about the one chosen', () => {
    const { view, act, root, click } = setup('en');
    view.render({ kind: 'consent', availability });
    expect(root.querySelector('.availability')?.textContent).toBe('Agents online · usually answers in under a minute');
    const group = root.querySelector('fieldset.topics') as HTMLFieldSetElement;
    expect(group.querySelector('legend')?.textContent).toBe('What do you need help with?');
    expect([...group.querySelectorAll('label')].map((l) => l.textContent?.trim())).toEqual([
      'Billing and invoices',
      'Exporting data',
      'Something else',
    ]);
    (group.querySelector('input[value=export]') as HTMLInputElement).click();
    click('Start call');
    expect(act.start).toHaveBeenCalledWith('export');
  });

  test('no topic chosen asks about nothing in particular; a long wait and a closed team are said plainly', () => {
    const { view, act, root, click } = setup('en');
    view.render({ kind: 'consent', availability: { ...availability, etaMs: 4 * 60_000 } });
    expect(root.querySelector('.availability')?.textContent).toBe('Agents online · usually answers within 4 minutes');
    click('Start call');
    expect(act.start).toHaveBeenCalledWith(undefined);
    view.render({
      kind: 'consent',
      availability: { ...availability, open: false, nextOpenAt: Date.UTC(2026, 10, 30, 8) },
    });
    expect(root.querySelector('.availability')?.textContent).toMatch(/^We're closed now\. We open again Mon/);
    view.render({ kind: 'consent', availability: { ...availability, agentsOnline: 0, topics: [] } });
    expect(root.querySelector('.availability')?.textContent).toBe(
      'Nobody is online right now: you can still ask, or book a callback.',
    );
    expect(root.querySelector('fieldset.topics')).toBeNull();
  });
});

test('in the call: a plain sign of what the agent sees, and a timer that counts', () => {
  vi.useFakeTimers({ now: Date.UTC(2026, 10, 24, 9, 0, 0) });
  try {
    const { view, root } = setup('en');
    view.render(inCall({ since: Date.now() - 62_000 }));
    const live = () => root.querySelector('.live')?.textContent;
    expect(live()).toBe('You are sharing this page · 1:02');
    vi.advanceTimersByTime(3_000);
    expect(live()).toBe('You are sharing this page · 1:05');
    expect(root.querySelector('.live [role=timer]')?.getAttribute('aria-label')).toBe('Call time');
    view.render(inCall({ since: Date.now() - 5_000, sharingScreen: true }));
    expect(live()).toBe('You are sharing your screen · 0:05');
    // Paused: the status says so, and no sign claims anything is shared.
    view.render(inCall({ screenPaused: true }));
    expect(root.querySelector('.live')).toBeNull();
  } finally {
    vi.useRealTimers();
  }
});

test('the moment the agent answers, the panel shows who: their photo beside their name', () => {
  const { view, root, status } = setup('en');
  view.render({
    kind: 'connecting',
    agentName: 'Alex',
    agentPhoto: 'https://cdn.example/alex.jpg',
    micOn: true,
    recorded: false,
  });
  expect(status()).toBe('Connecting you to Alex…');
  const face = root.querySelector('.agent');
  expect(face?.querySelector('img')?.getAttribute('src')).toBe('https://cdn.example/alex.jpg');
  expect(face?.textContent).toBe('Alex');
  view.render({ kind: 'connecting', agentName: 'Sam', micOn: true, recorded: false });
  expect(root.querySelector('.agent')).toBeNull();
});
