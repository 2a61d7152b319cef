// Waits until a gateway silo is ready (/health/ready answers 200) and the named upstream is
// connected with its tools in the catalog (/admin/upstreams), or fails after the timeout saying
// which of the two it was still waiting for.
//
//   node wait-for-gateway.mjs BASE_URL UPSTREAM TIMEOUT_SECONDS
const [baseUrl, upstream, timeoutSeconds] = process.argv.slice(2);
if (!baseUrl || !upstream || !(Number(timeoutSeconds) > 0)) {
  console.error('usage: node wait-for-gateway.mjs BASE_URL UPSTREAM TIMEOUT_SECONDS');
  process.exit(2);
}

const deadline = Date.now() + Number(timeoutSeconds) * 1000;
let waitingFor = '/health/ready to answer 200';
while (Date.now() < deadline) {
  try {
    const ready = await fetch(`${baseUrl}/health/ready`);
    if (ready.ok) {
      waitingFor = `upstream '${upstream}' to be connected with tools`;
      const upstreams = await (await fetch(`${baseUrl}/admin/upstreams`)).json();
      const view = upstreams.find((u) => u.name === upstream);
      if (view?.state === 'connected' && view.toolCount > 0) {
        process.exit(0);
      }
      if (view?.error) {
        waitingFor += ` (last error: ${view.error})`;
      }
    }
  } catch {
    // Not listening yet.
  }
  await new Promise((resolve) => setTimeout(resolve, 250));
}

console.error(`gave up after ${timeoutSeconds} s waiting for ${waitingFor} at ${baseUrl}`);
process.exit(1);
