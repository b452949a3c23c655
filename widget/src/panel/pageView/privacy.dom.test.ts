import { describeTarget } from '@lifeline/shared/pageView';
import { afterEach, expect, test } from 'vitest';
import { countPrivateFields, privacyFor } from './privacy.js';

afterEach(() => {
  document.body.replaceChildren();
});

test('passwords, card fields, one-time codes, marked elements and the host selectors are private; others are not', () => {
  document.body.innerHTML = `
    <input id="pw" type="password" />
    <input id="cc" autocomplete="billing cc-number" />
    <input id="otp" autocomplete="one-time-code" />
    <div data-lifeline-private><span id="inside">IBAN</span></div>
    <input id="iban" class="iban" />
    <input id="name" name="name" />
    <textarea id="notes"></textarea>`;
  const privacy = privacyFor(['.iban', 'not a [valid selector']);
  const isPrivate = (id: string) => privacy.isPrivate(document.getElementById(id) as Element);
  expect(['pw', 'cc', 'otp', 'inside', 'iban'].map(isPrivate)).toEqual([true, true, true, true, true]);
  expect(['name', 'notes'].map(isPrivate)).toEqual([false, false]);
  // A password shown as text by a "show password" button stays private (rrweb marks it).
  const shown = document.getElementById('pw') as HTMLInputElement;
  shown.type = 'text';
  shown.setAttribute('data-rr-is-password', 'true');
  expect(isPrivate('pw')).toBe(true);
  expect(countPrivateFields(privacy)).toBe(4);
});

test('what the timeline says was acted on: the label, never the value', () => {
  document.body.innerHTML = `
    <label>Name <input id="name" value="Ada Lovelace" /></label>
    <button id="pay">Pay   now</button>
    <input id="pw" type="password" value="hunter2" placeholder="Your password" />
    <p id="secret" data-lifeline-private>DE89 3704</p>`;
  const privacy = privacyFor([]);
  const named = (id: string) => {
    const element = document.getElementById(id) as Element;
    return describeTarget(element, privacy.isPrivate(element));
  };
  expect(named('name')).toBe('field “Name”');
  expect(named('pay')).toBe('button “Pay now”');
  expect(named('pw')).toBe('field “Your password”');
  expect(named('secret')).toBe('p');
});
