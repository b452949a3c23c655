import { expect, test } from 'vitest';
import { contentBox, toFraction } from './geometry.js';

const video = (box: { width: number; height: number }, frame: { width: number; height: number }) =>
  ({
    videoWidth: frame.width,
    videoHeight: frame.height,
    getBoundingClientRect: () => ({ left: 100, top: 50, ...box }),
  }) as unknown as HTMLVideoElement;

test('a wide element letterboxes a 4:3 picture left and right; fractions are of the picture', () => {
  const box = contentBox(video({ width: 1000, height: 300 }, { width: 640, height: 480 }));
  expect(box).toEqual({ left: 400, top: 50, width: 400, height: 300 });
  expect(toFraction(box, 400, 50)).toEqual([0, 0]);
  expect(toFraction(box, 600, 200)).toEqual([0.5, 0.5]);
  expect(toFraction(box, 300, 200)).toBeNull(); // on the black bar
});

test('a tall element letterboxes top and bottom', () => {
  const box = contentBox(video({ width: 400, height: 1000 }, { width: 1280, height: 720 }));
  expect(box.width).toBe(400);
  expect(box.height).toBeCloseTo(225);
  expect(box.top).toBeCloseTo(50 + (1000 - 225) / 2);
});
