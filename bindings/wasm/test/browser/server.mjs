// A tiny local server for the browser test, on 127.0.0.1 only:
// - the package folder as static files, so the browser loads js/index.js and the .wasm as it
//   would from any web server (application/wasm, so instantiateStreaming works);
// - /vectors/: the shared tests/vectors/ files, and /vectors/index.json listing their names;
// - /xmpp-websocket: an RFC 7395 endpoint that answers <open/> with a short canned session,
//   for examples/websocket.html. RFC 6455 framing is written by hand (text frames, close);
//   it serves this test, not the world.

import { createHash } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

const packageRoot = fileURLToPath(new URL("../../", import.meta.url));
const vectorsDir = process.env.XMPP_WIRE_VECTORS ?? fileURLToPath(new URL("../../../../tests/vectors/", import.meta.url));

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".xml": "application/octet-stream",
  ".jsonl": "text/plain; charset=utf-8",
};

/** What the canned server says after the client's <open/>: one element a message. */
export const SESSION = [
  "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' from='im.example.com' id='ws-1' version='1.0' xml:lang='en'/>",
  "<stream:features xmlns:stream='http://etherx.jabber.org/streams'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><sm xmlns='urn:xmpp:sm:3'/></stream:features>",
  "<iq xmlns='jabber:client' type='result' id='bind_1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>juliet@im.example.com/balcony</jid></bind></iq>",
  "<presence xmlns='jabber:client' from='romeo@example.net/orchard'><show>away</show><status>In the orchard</status></presence>",
  "<message xmlns='jabber:client' from='romeo@example.net/orchard' to='juliet@im.example.com/balcony' type='chat' id='m1'><body>你好 🌹 Wherefore art thou?</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>",
  "<iq xmlns='jabber:client' type='get' id='ping1' from='im.example.com'><ping xmlns='urn:xmpp:ping'/></iq>",
  "<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>",
];

function wsFrame(opcode, payload) {
  const data = Buffer.from(payload);
  let head;
  if (data.length < 126) {
    head = Buffer.from([0x80 | opcode, data.length]);
  } else if (data.length < 65536) {
    head = Buffer.alloc(4);
    head[0] = 0x80 | opcode;
    head[1] = 126;
    head.writeUInt16BE(data.length, 2);
  } else {
    head = Buffer.alloc(10);
    head[0] = 0x80 | opcode;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(data.length), 2);
  }
  return Buffer.concat([head, data]);
}

/** Client frames (always masked, RFC 6455 §5.3) from `buffer`: [{opcode, payload}], rest. */
function readFrames(buffer) {
  const frames = [];
  let at = 0;
  while (buffer.length - at >= 2) {
    const opcode = buffer[at] & 0x0f;
    let len = buffer[at + 1] & 0x7f;
    let offset = at + 2;
    if (len === 126) {
      if (buffer.length < offset + 2) break;
      len = buffer.readUInt16BE(offset);
      offset += 2;
    } else if (len === 127) {
      if (buffer.length < offset + 8) break;
      len = Number(buffer.readBigUInt64BE(offset));
      offset += 8;
    }
    if (buffer.length < offset + 4 + len) break;
    const mask = buffer.subarray(offset, offset + 4);
    const payload = Buffer.from(buffer.subarray(offset + 4, offset + 4 + len));
    for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
    frames.push({ opcode, payload });
    at = offset + 4 + len;
  }
  return [frames, buffer.subarray(at)];
}

function upgrade(request, socket) {
  const key = request.headers["sec-websocket-key"];
  const accept = createHash("sha1").update(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest("base64");
  const protocols = (request.headers["sec-websocket-protocol"] ?? "").split(",").map((p) => p.trim());
  socket.write(
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      `Sec-WebSocket-Accept: ${accept}\r\n` +
      (protocols.includes("xmpp") ? "Sec-WebSocket-Protocol: xmpp\r\n" : "") +
      "\r\n",
  );
  let pending = Buffer.alloc(0);
  socket.on("data", (data) => {
    let frames;
    [frames, pending] = readFrames(Buffer.concat([pending, data]));
    for (const { opcode, payload } of frames) {
      if (opcode === 0x1 && payload.toString().startsWith("<open")) {
        for (const message of SESSION) socket.write(wsFrame(0x1, message));
      } else if (opcode === 0x8) {
        socket.end(wsFrame(0x8, payload.subarray(0, 2)));
      }
    }
  });
  socket.on("error", () => socket.destroy());
}

async function serve(request, response) {
  const path = decodeURIComponent(new URL(request.url, "http://localhost").pathname);
  try {
    if (path === "/vectors/index.json") {
      const names = (await readdir(vectorsDir)).filter((f) => f.endsWith(".xml")).map((f) => f.slice(0, -4)).sort();
      response.writeHead(200, { "content-type": TYPES[".json"] });
      return response.end(JSON.stringify(names));
    }
    const [root, relative] = path.startsWith("/vectors/") ? [vectorsDir, path.slice(9)] : [packageRoot, path.slice(1)];
    const file = normalize(join(root, relative));
    if (!file.startsWith(normalize(root + sep)) && file !== normalize(root)) throw new Error("outside");
    const body = await readFile(file);
    response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    response.end(body);
  } catch {
    response.writeHead(404, { "content-type": "text/plain" });
    response.end("not found");
  }
}

/** Starts the server on a free port of 127.0.0.1; resolves to { url, close }. */
export function start() {
  const server = createServer((request, response) => void serve(request, response));
  server.on("upgrade", (request, socket) => {
    if (new URL(request.url, "http://localhost").pathname === "/xmpp-websocket") upgrade(request, socket);
    else socket.destroy();
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise((done) => {
          server.closeAllConnections?.();
          server.close(done);
        }),
      });
    });
  });
}
