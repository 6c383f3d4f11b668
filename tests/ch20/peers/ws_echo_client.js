// Reference peer for the conformance suite (chapter 20): a client made with the Node "ws" package, with the
// library's default settings, that connects COUNT times to the fuzzing server at URL and echoes every message
// it receives, as the fuzzing server expects (20_Conformance.java reference; FuzzingServer).
//   node ws_echo_client.js ws://127.0.0.1:PORT/ COUNT
// It prints one line at the end: "done N connections".
'use strict';
const path = require('path');
const WebSocket = require(path.join(__dirname, '..', '..', 'ch19', 'peers', 'node_modules', 'ws'));

function once(url) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
    ws.on('error', () => {}); // the case is judged by the fuzzing server; 'close' follows
    ws.on('close', resolve);
  });
}

(async () => {
  const [url, count] = [process.argv[2], Number(process.argv[3])];
  for (let i = 0; i < count; i++) {
    await once(url);
  }
  console.log(`done ${count} connections`);
})();
