// Container health check of the api and worker images: GET HEALTHCHECK_URL (default: the API's
// /api/health on $PORT) and exit 0 only on a 2xx answer within 4 s.
const url = process.env.HEALTHCHECK_URL || `http://127.0.0.1:${process.env.PORT || 3000}/api/health`;
try {
  const res = await fetch(url, { signal: AbortSignal.timeout(4000) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
