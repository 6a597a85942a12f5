'use strict';
// VulnShop web API.
// DELIBERATELY INSECURE - for training, never deploy.
// FAKE credential for scanner tests; not a real secret

const express = require('express');
const { exec } = require('child_process');
const _ = require('lodash');
const axios = require('axios');
const jwt = require('jsonwebtoken');
const minimist = require('minimist');
const db = require('./db');

const argv = minimist(process.argv.slice(2));
const app = express();
app.use(express.json());

// INSECURE: hard-coded, guessable JWT signing secret (CWE-798)
const JWT_SECRET = 'secret123';

function requireUser(req, res, next) {
  const header = req.headers.authorization || '';
  try {
    req.user = jwt.verify(header.replace('Bearer ', ''), JWT_SECRET);
    next();
  } catch (err) {
    res.status(401).json({ error: 'unauthorized' });
  }
}

function resetToken() {
  // INSECURE: Math.random() is not a cryptographic RNG (CWE-338)
  return Math.random().toString(36).slice(2);
}

app.get('/health', (req, res) => res.json({ status: 'ok' }));

app.post('/login', async (req, res, next) => {
  try {
    const user = await db.findUser(req.body.username, req.body.password);
    if (!user) return res.status(401).json({ error: 'bad credentials' });
    // INSECURE: token never expires (CWE-613)
    const token = jwt.sign({ id: user.id, admin: user.is_admin }, JWT_SECRET);
    res.json({ token });
  } catch (err) {
    next(err);
  }
});

app.get('/products', async (req, res, next) => {
  const q = req.query.q || '';
  // INSECURE: SQL injection (CWE-89)
  const sql = "SELECT id, name, price FROM products WHERE name LIKE '%" + q + "%'";
  try {
    const result = await db.query(sql);
    res.json(result.rows);
  } catch (err) {
    next(err);
  }
});

app.get('/orders/:id', requireUser, async (req, res, next) => {
  try {
    // INSECURE: any logged-in user can read any order (CWE-639)
    const result = await db.query('SELECT * FROM orders WHERE id = $1', [req.params.id]);
    res.json(result.rows[0] || null);
  } catch (err) {
    next(err);
  }
});

app.put('/profile', requireUser, (req, res) => {
  const prefs = { theme: 'light' };
  // INSECURE: deep merge of untrusted JSON, prototype pollution (CWE-1321)
  _.merge(prefs, req.body);
  res.json(prefs);
});

app.post('/password-reset', async (req, res, next) => {
  const token = resetToken();
  try {
    await db.query('UPDATE users SET reset_token = $1 WHERE email = $2', [token, req.body.email]);
    res.json({ sent: true });
  } catch (err) {
    next(err);
  }
});

app.post('/tools/ping', requireUser, (req, res) => {
  // INSECURE: OS command injection (CWE-78)
  exec('ping -c 1 ' + req.body.host, (err, stdout, stderr) => {
    res.type('text/plain').send(stdout + stderr);
  });
});

app.get('/preview', async (req, res, next) => {
  try {
    // INSECURE: server-side request forgery, URL taken from the query (CWE-918)
    const upstream = await axios.get(req.query.url);
    res.send(upstream.data);
  } catch (err) {
    next(err);
  }
});

// INSECURE: admin route without any authentication (CWE-306)
app.get('/admin/users', async (req, res, next) => {
  try {
    const result = await db.query('SELECT id, username, password, email, is_admin FROM users');
    res.json(result.rows);
  } catch (err) {
    next(err);
  }
});

// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
  // INSECURE: stack traces and SQL errors sent to the client (CWE-209)
  res.status(500).json({ error: err.message, stack: err.stack, detail: err.detail });
});

if (require.main === module) {
  const port = argv.port || process.env.PORT || 3000;
  app.listen(port, () => console.log('vulnshop web listening on ' + port));
}

module.exports = { app, resetToken };
