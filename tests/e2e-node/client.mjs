// Drives an MCP server with the official TypeScript SDK client, so the gateway's end-to-end
// tests prove it interoperates with a client it did not ship.
//
//   node client.mjs URL TOOL [ARGS_JSON] [streamable-http|sse|websocket]
//
// Lists the tools, calls TOOL with ARGS_JSON (default {}), prints one JSON line
// {"tools": [names], "result": <CallToolResult>} and exits 0. Any failure goes to stderr, exit 1.
// "sse" uses the SDK's SSEClientTransport (the 2024-11-05 HTTP+SSE transport, URL its /sse);
// "websocket" its WebSocketClientTransport (URL ws://.../ws), on Node's WebSocket global or,
// where Node has none (Node 20), the ws package's.
// The client declares sampling and answers sampling/createMessage with "from node: " and the
// first message's text, as model "node-model", so a tool that samples can be driven through it.
// It also declares elicitation, answered "accept" with the name "node user", and roots, listing
// file:///node/project.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { WebSocketClientTransport } from "@modelcontextprotocol/sdk/client/websocket.js";
import { CreateMessageRequestSchema, ElicitRequestSchema, ListRootsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const [url, toolName, argsJson = "{}", transportName = "streamable-http"] = process.argv.slice(2);

async function listAllTools(client) {
  const names = [];
  let cursor;
  do {
    const page = await client.listTools(cursor === undefined ? undefined : { cursor });
    names.push(...page.tools.map((tool) => tool.name));
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return names;
}

async function newTransport() {
  switch (transportName) {
    case "sse":
      return new SSEClientTransport(new URL(url));
    case "websocket":
      if (typeof globalThis.WebSocket === "undefined") {
        globalThis.WebSocket = (await import("ws")).WebSocket;
      }
      return new WebSocketClientTransport(new URL(url));
    default:
      return new StreamableHTTPClientTransport(new URL(url));
  }
}

async function main() {
  if (!url || !toolName) {
    throw new Error("usage: node client.mjs URL TOOL [ARGS_JSON]");
  }

  const args = JSON.parse(argsJson);
  const client = new Client(
    { name: "gateway-e2e-node", version: "1.0.0" },
    { capabilities: { sampling: {}, elicitation: {}, roots: { listChanged: true } } },
  );
  client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
    const content = request.params.messages[0]?.content;
    const first = Array.isArray(content) ? content[0] : content;
    return { model: "node-model", role: "assistant", content: { type: "text", text: `from node: ${first?.text ?? ""}` } };
  });
  client.setRequestHandler(ElicitRequestSchema, async () => ({ action: "accept", content: { name: "node user" } }));
  client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: "file:///node/project", name: "node project" }] }));
  const transport = await newTransport();
  await client.connect(transport);
  try {
    const tools = await listAllTools(client);
    const result = await client.callTool({ name: toolName, arguments: args });
    process.stdout.write(JSON.stringify({ tools, result }) + "\n");
  } finally {
    // DELETE the session so the gateway does not keep it until it idles out; an SSE or
    // WebSocket session ends when close() closes its stream or socket.
    if (transport instanceof StreamableHTTPClientTransport) {
      await transport.terminateSession().catch(() => {});
    }
    await client.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
