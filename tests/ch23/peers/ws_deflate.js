// Interop peer (chapter 23): the Node "ws" package with perMessageDeflate ON (threshold 0: every message is
// compressed), both roles. The ws package is the one chapter 19 installs (npm ci --prefix tests/ch19/peers).
//   node ws_deflate.js server PORT [--no-context-takeover]   echo server, prints "listening on ws://127.0.0.1:N/"
//   node ws_deflate.js client URL                             sends the chapter's messages, checks the echoes
//   node ws_deflate.js echo-client URL                        echoes every message until the server closes
// The client prints "EXTENSIONS <answer>", "FAIL ..." lines, then "DONE passed=N failed=M"; exit 1 on a failure.
'use strict';
const path = require('path');
const crypto = require('crypto');
const WebSocket = require(path.join(__dirname, '..', '..', 'ch19', 'peers', 'node_modules', 'ws'));

const noTakeover = process.argv.includes('--no-context-takeover');
// Only set when asked: a ws client told clientNoContextTakeover: false refuses a server that answers
// client_no_context_takeover, although RFC 7692 section 7.1.1.2 lets a server add it unasked.
const deflate = noTakeover ? { threshold: 0, serverNoContextTakeover: true, clientNoContextTakeover: true } : { threshold: 0 };

if (process.argv[2] === 'server') {
  const wss = new WebSocket.WebSocketServer({ host: '127.0.0.1', port: Number(process.argv[3] || 0), perMessageDeflate: deflate, maxPayload: 64 << 20 });
  wss.on('listening', () => console.log(`listening on ws://127.0.0.1:${wss.address().port}/`));
  wss.on('connection', (ws) => {
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
    ws.on('error', () => {});
  });
  process.on('SIGTERM', () => { wss.close(() => process.exit(0)); setTimeout(() => process.exit(0), 1000).unref(); });
} else if (process.argv[2] === 'echo-client') {
  const ws = new WebSocket(process.argv[3], { perMessageDeflate: deflate, maxPayload: 64 << 20 });
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  ws.on('close', () => process.exit(0));
  ws.on('error', () => process.exit(1));
} else {
  const messages = [];
  for (let i = 0; i < 200; i++) {
    messages.push(JSON.stringify({ type: 'chat', room: 'lobby', user: `user${i % 7}`, text: `hello number ${i}` }));
  }
  messages.push('', 'é€😀'.repeat(100), 'lorem ipsum dolor '.repeat(60000));
  for (const n of [0, 1, 125, 126, 65535, 65536, 300000]) messages.push(crypto.randomBytes(n));
  messages.push(Buffer.alloc(1 << 20));
  const ws = new WebSocket(process.argv[3], { perMessageDeflate: deflate, maxPayload: 64 << 20 });
  let passed = 0, failed = 0, i = 0;
  const next = () => {
    if (i === messages.length) { ws.close(1000); return; }
    const m = messages[i];
    ws.send(m, { binary: typeof m !== 'string' });
  };
  ws.on('upgrade', (res) => console.log('EXTENSIONS ' + res.headers['sec-websocket-extensions']));
  ws.on('open', next);
  ws.on('message', (data, isBinary) => {
    const m = messages[i];
    const ok = typeof m === 'string' ? (!isBinary && data.toString('utf8') === m) : (isBinary && Buffer.compare(data, m) === 0);
    if (ok) passed++; else { failed++; console.log(`FAIL echo ${i}`); }
    i++;
    next();
  });
  ws.on('close', () => { console.log(`DONE passed=${passed} failed=${failed}`); process.exit(failed || passed !== messages.length ? 1 : 0); });
  ws.on('error', (e) => { console.log('FAIL error ' + e.message); process.exit(1); });
}
