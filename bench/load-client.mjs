// One autocannon client in a process of its own, so that its own event loop never delays the
// other client's measurements. Config as JSON in argv[2]; prints the autocannon result as JSON.
import autocannon from 'autocannon';

const config = JSON.parse(process.argv[2]);
const result = await autocannon({ ...config, timeout: 120 });
process.stdout.write(JSON.stringify({
  duration: result.duration,
  requests: result.requests.total,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  statusCodeStats: result.statusCodeStats,
  latency: result.latency,
}));
