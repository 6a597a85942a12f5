'use strict';
const test = require('node:test');
const assert = require('node:assert');
const http = require('node:http');
const { app, resetToken } = require('../src/server');

test('GET /health answers ok', async () => {
  const server = app.listen(0);
  const { port } = server.address();
  const body = await new Promise((resolve, reject) => {
    http.get({ port, path: '/health' }, (res) => {
      let data = '';
      res.on('data', (chunk) => { data += chunk; });
      res.on('end', () => resolve(data));
    }).on('error', reject);
  });
  server.close();
  assert.deepStrictEqual(JSON.parse(body), { status: 'ok' });
});

test('reset tokens are non-empty strings', () => {
  const token = resetToken();
  assert.strictEqual(typeof token, 'string');
  assert.ok(token.length > 0);
});
