// The worker's health endpoint (WORKER_HEALTH_PORT): GET /health answers 200 while the worker polls
// and 503 once it is draining or stopped, so orchestrators restart or stop routing to it.
import http from 'node:http';

/** Starts the endpoint; `state` is the worker's current state (e.g. RUNNING, DRAINING). */
export function startHealthServer(port: number, state: () => string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/health') {
      res.writeHead(404).end();
      return;
    }
    const now = state();
    res.writeHead(now === 'RUNNING' ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ worker: now }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(err.code === 'EADDRINUSE' ? `port ${port} (worker health) is already in use; set WORKER_HEALTH_PORT to another port` : err.message)),
    );
    server.listen(port, () => resolve(server));
  });
}
