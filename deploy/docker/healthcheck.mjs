// The image's HEALTHCHECK: asks the running service's GET /health (200 = ready).
// One image runs every service, so the service is read from PID 1's command line
// (tini -- rxpool-entrypoint <service> …) and its port from HEALTH_PORT or that
// service's default. A one-shot command (migrate, admin) has nothing to check.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';

/** Each service's default HEALTH_PORT (README, "Configuration reference"). */
const DEFAULT_PORTS = {
  gateway: 9101,
  validator: 9102,
  'job-manager': 9103,
  accounting: 9104,
  'stats-web': 9105,
};

const argv = readFileSync('/proc/1/cmdline', 'utf8').split('\0');
const at = argv.findIndex((a) => a.endsWith('rxpool-entrypoint'));
const service = at >= 0 ? argv[at + 1] : undefined;
if (!service || !(service in DEFAULT_PORTS)) {
  console.log(`no health endpoint for "${service ?? argv.join(' ')}"`);
  process.exit(0);
}
const port = Number(process.env.HEALTH_PORT || DEFAULT_PORTS[service]);
// HEALTH_HOST is where it listens; the wildcard addresses answer on loopback.
const listen = process.env.HEALTH_HOST || '0.0.0.0';
const host = listen === '0.0.0.0' || listen === '::' ? '127.0.0.1' : listen;

const req = request({ host, port, path: '/health', timeout: 4000 }, (res) => {
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (chunk) => {
    body += chunk;
  });
  res.on('end', () => {
    // Docker keeps this output in `docker inspect`: the body names what is not ready.
    console.log(`${service} /health ${res.statusCode}: ${body.slice(0, 500)}`);
    process.exit(res.statusCode === 200 ? 0 : 1);
  });
});
req.on('timeout', () => req.destroy(new Error('no answer in 4 s')));
req.on('error', (err) => {
  console.log(`${service} /health on ${host}:${port}: ${err.message}`);
  process.exit(1);
});
req.end();
