import { expect, test } from 'vitest';
import { parseAnnotation } from './annotations.js';

test('valid annotations are read back as sent', () => {
  expect(parseAnnotation('{"t":"point","x":0.25,"y":1}')).toEqual({ t: 'point', x: 0.25, y: 1 });
  const draw = { t: 'draw', id: 's1', colour: '#ff3b30', from: [0, 0.5], to: [0.5, 0.5] };
  expect(parseAnnotation(JSON.stringify(draw))).toEqual(draw);
  expect(parseAnnotation('{"t":"clear"}')).toEqual({ t: 'clear' });
});

test('anything malformed is ignored, never drawn', () => {
  for (const raw of [
    'not json',
    'null',
    '{"t":"point","x":2,"y":0}',
    '{"t":"point","x":"0.5","y":0}',
    '{"t":"draw","id":"s","colour":"red","from":[0,0],"to":[1,1]}',
    '{"t":"draw","id":"s","colour":"#ff3b30","from":[0,0],"to":[1]}',
    `{"t":"draw","id":"${'x'.repeat(65)}","colour":"#ff3b30","from":[0,0],"to":[1,1]}`,
    '{"t":"script"}',
  ]) {
    expect(parseAnnotation(raw)).toBeNull();
  }
});

test('anchored marks name an element of the page view and may reach outside it', () => {
  expect(parseAnnotation('{"t":"point","x":1.5,"y":-0.25,"on":42}')).toEqual({ t: 'point', x: 1.5, y: -0.25, on: 42 });
  const draw = { t: 'draw', id: 's1', colour: '#1f5eff', from: [0, 0.5], to: [2, 3], on: 7 };
  expect(parseAnnotation(JSON.stringify(draw))).toEqual(draw);
  expect(parseAnnotation('{"t":"highlight","on":3}')).toEqual({ t: 'highlight', on: 3 });
  expect(parseAnnotation('{"t":"scrollTo","on":3}')).toEqual({ t: 'scrollTo', on: 3 });
  for (const raw of [
    '{"t":"point","x":1.5,"y":0}',
    '{"t":"point","x":0.5,"y":0,"on":0}',
    '{"t":"point","x":0.5,"y":0,"on":"7"}',
    '{"t":"point","x":51,"y":0,"on":7}',
    '{"t":"highlight"}',
    '{"t":"scrollTo","on":1.5}',
  ]) {
    expect(parseAnnotation(raw)).toBeNull();
  }
});
