// The real transport checks the address it connects to as well (DNS rebinding): a host that
// resolves to loopback is refused before any connection is made.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createOutboundHttp } from './outbound-http';

describe('createOutboundHttp', () => {
  it('resolves host names to every address', async () => {
    const addresses = await createOutboundHttp().resolve('localhost');
    expect(addresses.length).toBeGreaterThan(0);
    expect(addresses.every((a) => a === '127.0.0.1' || a === '::1')).toBe(true);
  });

  it('refuses at connect time a host that resolves to a loopback address, without connecting', async () => {
    let connections = 0;
    const server = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      await expect(createOutboundHttp().post(`https://localhost:${port}/hook`, {}, '{}', { timeoutMs: 2000 })).rejects.toMatchObject({ code: 'EADDRNOTPUBLIC' });
      expect(connections).toBe(0);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
