import { expect, test } from 'vitest';
import { PAGE_CHUNK_CHARS, PageAssembler, pagePieces, parseAgentRequest, parsePageMessage } from './pageView.js';

type Piece = Extract<ReturnType<typeof parsePageMessage>, { t: 'pv' }>;
const pieces = (batch: number, json: string, size?: number) =>
  pagePieces(batch, json, size).map((raw) => parsePageMessage(raw) as Piece);

test('a batch cut into pieces is put back together whole, piece by piece', () => {
  const json = JSON.stringify([{ type: 2, data: { text: '"€'.repeat(20_000) } }]);
  const sent = pieces(0, json);
  expect(sent.length).toBe(Math.ceil(json.length / PAGE_CHUNK_CHARS));
  for (const raw of pagePieces(0, json)) expect(new TextEncoder().encode(raw).length).toBeLessThan(16 * 1024);
  const assembler = new PageAssembler();
  const results = sent.map((p) => assembler.add(p));
  expect(results.slice(0, -1).every((r) => r.json === null && !r.gap)).toBe(true);
  expect(results.at(-1)).toEqual({ json, gap: false, compressed: false });
});

test('consecutive batches flow; a lost piece or a skipped batch is a gap, then the next batch is taken', () => {
  const assembler = new PageAssembler();
  expect(assembler.add(pieces(0, '[1]')[0] as Piece)).toEqual({ json: '[1]', gap: false, compressed: false });
  expect(assembler.add(pieces(1, '[2]')[0] as Piece)).toEqual({ json: '[2]', gap: false, compressed: false });
  // Batch 2 is lost entirely: batch 3 is a gap, but its events are kept.
  expect(assembler.add(pieces(3, '[4]')[0] as Piece)).toEqual({ json: '[4]', gap: true, compressed: false });
  // A piece of batch 4 goes missing: the rest of it is dropped.
  const [first, , third] = pieces(4, '[12345678]', 3);
  expect(assembler.add(first as Piece)).toEqual({ json: null, gap: false, compressed: false });
  expect(assembler.add(third as Piece)).toEqual({ json: null, gap: true, compressed: false });
  // After the loss, the next batch that starts cleanly is taken as is.
  expect(assembler.add(pieces(5, '[6]')[0] as Piece)).toEqual({ json: '[6]', gap: false, compressed: false });
  // A new sender (reset) may start from any number.
  assembler.reset();
  expect(assembler.add(pieces(0, '[7]')[0] as Piece)).toEqual({ json: '[7]', gap: false, compressed: false });
});

test('malformed page messages and requests are ignored', () => {
  for (const raw of [
    'nope',
    '{"t":"pv","b":0,"i":1,"n":1,"d":""}',
    '{"t":"pv","b":-1,"i":0,"n":1,"d":""}',
    '{"t":"pv","b":0,"i":0,"n":0,"d":""}',
    `{"t":"pv","b":0,"i":0,"n":1,"d":"${'x'.repeat(PAGE_CHUNK_CHARS + 1)}"}`,
    '{"t":"control","state":"maybe"}',
    '{"t":"point","x":0,"y":0}',
    '{"t":"panel"}',
    '{"t":"panel","at":{"x":8,"y":-1,"w":359,"h":290}}',
    '{"t":"panel","at":{"x":8,"y":370,"w":"wide","h":290}}',
    '{"t":"panel","at":{"x":8,"y":370,"w":1e9,"h":290}}',
  ]) {
    expect(parsePageMessage(raw)).toBeNull();
  }
  expect(parsePageMessage('{"t":"panel","at":{"x":8,"y":370,"w":359,"h":290,"z":1}}')).toEqual({
    t: 'panel',
    at: { x: 8, y: 370, w: 359, h: 290 },
  });
  expect(parsePageMessage('{"t":"panel","at":null}')).toEqual({ t: 'panel', at: null });
  expect(parsePageMessage('{"t":"caps","control":true,"screen":"yes"}')).toEqual({
    t: 'caps',
    control: true,
    screen: false,
  });
  expect(parseAgentRequest('{"t":"act","a":"input","on":4,"v":"Ada"}')).toEqual({
    t: 'act',
    a: 'input',
    on: 4,
    v: 'Ada',
  });
  for (const raw of [
    '{"t":"act","a":"input","on":4}',
    '{"t":"act","a":"click","on":0}',
    '{"t":"act","a":"submit","on":4}',
    `{"t":"act","a":"input","on":4,"v":"${'x'.repeat(2_001)}"}`,
    '{"t":"clear"}',
  ]) {
    expect(parseAgentRequest(raw)).toBeNull();
  }
});

test('a deflated batch says so on every piece, and comes back whole', async () => {
  const { deflateToBase64, inflateFromBase64 } = await import('./pageCompression.js');
  const json = JSON.stringify(
    Array.from({ length: 200 }, (_, i) => ({ type: 3, data: { html: `<li>Order ${i}</li>` } })),
  );
  const deflated = await deflateToBase64(json);
  expect(deflated.length).toBeLessThan(json.length / 3);
  const assembler = new PageAssembler();
  let whole: { json: string | null; compressed: boolean } = { json: null, compressed: false };
  for (const raw of pagePieces(0, deflated, 500, true)) whole = assembler.add(parsePageMessage(raw) as Piece);
  expect(whole.compressed).toBe(true);
  expect(await inflateFromBase64(whole.json as string)).toBe(json);
});
