import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import pino from 'pino';
import { expect, test } from 'vitest';
import { accessLog } from './accessLog.js';

test('access logs carry method, path and status, and never a token', async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const app = express().use(accessLog(pino({}, sink)));
  app.get('/ws', (_req, res) => void res.status(401).end());
  const server = createServer(app).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  await fetch(`http://127.0.0.1:${port}/ws?lang=en&token=eyJ.secret.sig`, {
    headers: { authorization: 'Bearer eyJ.other-secret.sig' },
  });
  server.close();
  const line = JSON.parse(lines.find((l) => l.includes('"req"')) ?? '{}');
  expect(line.req).toMatchObject({ method: 'GET', url: '/ws?lang=en&token=[redacted]' });
  expect(line.res).toEqual({ statusCode: 401 });
  expect(lines.join('')).not.toContain('secret');
});
