import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Local doors: the card preview and the emulator's admin API hand out (or use) the app's client
 * secret and the portal's token, so they must answer only the person at this machine.
 *
 * - The peer must be a loopback address: a backend bound to a LAN address (or a container port
 *   mapping) must not expose them to the network.
 * - The Host header must name this server by a loopback name and the port it listens on. A
 *   DNS-rebinding page (`evil.example` re-pointed at 127.0.0.1) reaches the port from the user's
 *   browser, but its requests carry `Host: evil.example:<port>`, so they are refused here.
 * - An Origin header, when present, must be this same origin: a page elsewhere may send a
 *   "simple" cross-origin POST without reading the answer; it must not get it acted on.
 *
 * Returns why a request is refused, or null when it may pass.
 */
export function localRequestProblem(req: Pick<IncomingMessage, 'headers' | 'socket'>): string | null {
  const remote = req.socket.remoteAddress ?? '';
  if (!isLoopbackAddress(remote)) return `only requests from this machine are answered (peer ${remote || 'unknown'})`;
  const port = req.socket.localPort;
  const host = (req.headers.host ?? '').toLowerCase();
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
  if (!allowedHosts.includes(host)) {
    return `Host "${req.headers.host ?? ''}" is not this local server (expected 127.0.0.1:${port} or localhost:${port})`;
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin.toLowerCase() !== `http://${host}`) {
    return `Origin "${origin}" is not this local server's own page`;
  }
  return null;
}

/** 127.0.0.0/8, ::1, and IPv4-mapped loopback (`::ffff:127.0.0.1`, how dual-stack sockets report it). */
export function isLoopbackAddress(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4) || address === '::1';
}

/** Compares a presented token with the expected one in constant time (no early exit on the first wrong byte). */
export function sameToken(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The header the preview page sends its per-start token in. */
export const PREVIEW_TOKEN_HEADER = 'x-cosell-preview-token';
