// Prints a TCP port on 127.0.0.1 that was free a moment ago (the OS picks it), for a process
// that must be told its port rather than choose one.
import { createServer } from 'node:net';

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  console.log(server.address().port);
  server.close();
});
