'use strict';
// Database access for the VulnShop web API.
// FAKE credential for scanner tests; not a real secret

const { Pool } = require('pg');

const pool = new Pool({
  // INSECURE: hard-coded fallback credentials in the connection string (CWE-798)
  connectionString: process.env.DATABASE_URL || 'postgresql://postgres:postgres@db:5432/shop',
  // INSECURE: TLS to the database disabled (CWE-319)
  ssl: false,
});

function query(text, params) {
  // INSECURE: every statement, including ones carrying passwords, is logged (CWE-532)
  console.log('sql:', text, params || []);
  return pool.query(text, params);
}

async function findUser(username, password) {
  // INSECURE: plaintext password comparison, no hashing (CWE-256)
  const result = await query('SELECT * FROM users WHERE username = $1 AND password = $2', [username, password]);
  return result.rows[0];
}

module.exports = { pool, query, findUser };
