import http from 'node:http';
const server = http.createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200); res.end(); }); });
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const sink = `http://127.0.0.1:${server.address().port}/v1/traces`;
const N = 100000;
const { init, step } = await import('@loupe/sdk');
const loupe = init({ serviceName: 'bench-sdk', endpoint: sink, maxQueueSize: N * 2 });
for (let r = 0; r < 8; r++) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) step('x', () => 1);
  console.log(Number(process.hrtime.bigint() - t0) / N);
  await loupe.forceFlush();
}
server.close(); process.exit(0);
