// Interop peer (chapter 19): a server made with the Node "ws" package, for our client to talk to.
// It follows the same small script as wsfs.InteropEcho, our own interop server:
//   "please close"    -> it closes the connection with 4001 "server says bye"
//   "please ping"     -> it sends a Ping "are you there"; when the Pong arrives it sends "pong: <payload>"
//   "please fragment" -> it sends "fragmented message" as three frames: "frag", "mented ", "message"
//   anything else     -> it sends the message back unchanged, text as text, binary as binary
// It listens on 127.0.0.1, on the port given as the first argument (0: any free port), and prints exactly
// one line when it is ready: "listening on ws://127.0.0.1:PORT/". SIGTERM stops it.
'use strict';
const { WebSocketServer } = require('ws');

const port = Number(process.argv[2] || 0);
const wss = new WebSocketServer({
  host: '127.0.0.1',
  port,
  maxPayload: 64 * 1024 * 1024, // the interop tests send messages of 1 MiB; ws's default limit is 100 MiB
  perMessageDeflate: false,     // no compression: our client does not offer it anyway
});

wss.on('listening', () => {
  console.log(`listening on ws://127.0.0.1:${wss.address().port}/`);
});

wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => {
    if (!isBinary) {
      const text = data.toString('utf8');
      if (text === 'please close') {
        ws.close(4001, 'server says bye');
        return;
      }
      if (text === 'please ping') {
        ws.once('pong', (payload) => ws.send('pong: ' + payload.toString('utf8')));
        ws.ping('are you there');
        return;
      }
      if (text === 'please fragment') {
        ws.send('frag', { fin: false });
        ws.send('mented ', { fin: false });
        ws.send('message', { fin: true });
        return;
      }
    }
    ws.send(data, { binary: isBinary });
  });
  ws.on('error', (err) => console.error('connection error: ' + err.message));
});

process.on('SIGTERM', () => {
  for (const client of wss.clients) {
    client.close(1001, 'server going away');
  }
  wss.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
});
