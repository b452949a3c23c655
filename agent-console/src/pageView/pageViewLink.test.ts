import { deflateToBase64 } from '@lifeline/shared/pageCompression';
import { type AgentRequest, pagePieces } from '@lifeline/shared/pageView';
import { expect, test } from 'vitest';
import { type PageEvent, PageViewLink } from './pageViewLink.js';

function link() {
  const requests: AgentRequest[] = [];
  const messages: unknown[] = [];
  const page = new PageViewLink(
    (r) => requests.push(r),
    (m) => messages.push(m),
  );
  let batch = 0;
  const send = (...events: PageEvent[]) => {
    for (const piece of pagePieces(batch++, JSON.stringify(events))) page.receive(piece);
  };
  const skip = () => batch++;
  return { page, requests, messages, send, skip };
}
const at = (type: number, timestamp: number): PageEvent => ({ type, timestamp, data: {} });

test('a mirror mounted late replays the page from its last snapshot, then gets each new batch', () => {
  const { page, send, requests } = link();
  send(at(4, 1), at(2, 2));
  send(at(3, 3));
  const seen: number[][] = [];
  page.subscribe((events) => seen.push(events.map((e) => e.timestamp)));
  send(at(3, 4));
  // A new snapshot starts the kept events afresh.
  send(at(4, 5), at(2, 6));
  const late: number[] = [];
  page.subscribe((events) => late.push(...events.map((e) => e.timestamp)));
  expect(seen).toEqual([[1, 2, 3], [4], [5, 6]]);
  expect(late).toEqual([5, 6]);
  expect(requests).toEqual([]);
});

test('events with no snapshot, or a lost batch, ask the page for a full snapshot, once at a time', () => {
  const { page, send, skip, requests } = link();
  send(at(3, 1));
  expect(requests).toEqual([{ t: 'sync' }]);
  send(at(3, 2));
  expect(requests).toHaveLength(1);
  send(at(4, 3), at(2, 4));
  skip();
  send(at(3, 6));
  expect(requests).toHaveLength(2);
  // Asked again only after a while without an answer.
  page.requestSync(Date.now() + 10_000);
  expect(requests).toHaveLength(3);
});

test("other page messages (what the page allows, the user's answers) go to the console; annotations are not the page's", () => {
  const { page, messages } = link();
  expect(page.receive('{"t":"caps","control":true,"screen":false}')).toBe(true);
  expect(page.receive('{"t":"control","state":"granted"}')).toBe(true);
  expect(page.receive('{"t":"point","x":0.5,"y":0.5}')).toBe(false);
  expect(messages).toEqual([
    { t: 'caps', control: true, screen: false },
    { t: 'control', state: 'granted' },
  ]);
});

test('a deflated batch is inflated, and batches after it wait for it: order holds', async () => {
  const { page } = link();
  const seen: number[] = [];
  page.subscribe((events) => seen.push(...events.map((e) => e.timestamp)));
  const big = [at(4, 1), { type: 2, timestamp: 2, data: { html: '<p>x</p>'.repeat(2_000) } }];
  const deflated = await deflateToBase64(JSON.stringify(big));
  for (const piece of pagePieces(0, deflated, undefined, true)) page.receive(piece);
  for (const piece of pagePieces(1, JSON.stringify([at(3, 3)]))) page.receive(piece);
  expect(seen).toEqual([]);
  await page.settled();
  expect(seen).toEqual([1, 2, 3]);
});
