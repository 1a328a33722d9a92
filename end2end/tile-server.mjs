// A stand-in for the tile service in browser tests and benchmarks: every
// /{z}/{x}/{y}.png is the same light 256x256 PNG with a faint grid, made here with
// Node's own zlib, so the map shows tiles without any internet.
import { createServer } from 'node:http';
import { deflateSync } from 'node:zlib';

const port = Number(process.env.TILE_PORT ?? 3101);

function crc32(bytes) {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function tile() {
  const size = 256;
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      const line = x % 64 === 0 || y % 64 === 0;
      const edge = x === 0 || y === 0;
      const shade = edge ? 0xc8 : line ? 0xdc : 0xee;
      row.writeUInt8(shade, 1 + x * 3);
      row.writeUInt8(shade + (edge ? 4 : 2), 2 + x * 3);
      row.writeUInt8(Math.min(shade + 6, 0xff), 3 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const png = tile();
createServer((req, res) => {
  if (req.url === '/healthz') return res.end('ok');
  if (!/^\/\d+\/\d+\/\d+\.png$/.test(req.url ?? '')) {
    res.statusCode = 404;
    return res.end();
  }
  res.setHeader('content-type', 'image/png');
  res.end(png);
}).listen(port, '127.0.0.1');
