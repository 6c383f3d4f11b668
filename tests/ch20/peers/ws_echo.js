// Reference peer for the conformance suite (chapter 20): an echo server made with the Node "ws" package, with
// the library's DEFAULT settings (maxPayload 100 MiB, 16384 fragments per message, no compression), because
// the suite measures what a user of the library gets out of the box. The ws package is the one chapter 19
// installs (npm ci --prefix tests/ch19/peers).
// It listens on 127.0.0.1, on the port given as the first argument (0: any free port), and prints exactly
// one line when it is ready: "listening on ws://127.0.0.1:PORT/". SIGTERM stops it.
'use strict';
const path = require('path');
const { WebSocketServer } = require(path.join(__dirname, '..', '..', 'ch19', 'peers', 'node_modules', 'ws'));

const wss = new WebSocketServer({ host: '127.0.0.1', port: Number(process.argv[2] || 0) });

wss.on('listening', () => {
  console.log(`listening on ws://127.0.0.1:${wss.address().port}/`);
});

wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  ws.on('error', () => {}); // ws reports the protocol errors it has already closed the connection for
});

process.on('SIGTERM', () => {
  wss.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
});
