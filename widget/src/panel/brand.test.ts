import { expect, test } from 'vitest';
import { contrast, luminance, textOn } from './brand.js';

const ratio = (fill: number[], text: string) => {
  const hex = text.slice(1);
  const channels = [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  return contrast(luminance(fill), luminance(channels));
};

test('luminance and contrast follow WCAG 2: black on white is 21:1, a colour on itself 1:1', () => {
  expect(contrast(luminance([0, 0, 0]), luminance([255, 255, 255]))).toBeCloseTo(21, 5);
  expect(contrast(luminance([31, 94, 255]), luminance([31, 94, 255]))).toBe(1);
  expect(luminance([255, 255, 255])).toBeCloseTo(1, 5);
});

test('the words on any brand colour reach 4.5:1: black on light colours, white on dark ones', () => {
  expect(textOn([255, 235, 59])).toBe('#000000'); // yellow
  expect(textOn([31, 94, 255])).toBe('#ffffff'); // Lifeline blue
  expect(textOn([233, 30, 99])).toBe('#000000'); // pink: 5.0:1 in black, 4.2:1 in white
  expect(textOn([173, 20, 87])).toBe('#ffffff'); // deep pink
  // Every colour of a coarse sRGB grid, the hard middle greys included.
  for (let r = 0; r <= 255; r += 17)
    for (let g = 0; g <= 255; g += 17)
      for (let b = 0; b <= 255; b += 17) {
        const fill = [r, g, b];
        expect(ratio(fill, textOn(fill))).toBeGreaterThanOrEqual(4.5);
      }
});
