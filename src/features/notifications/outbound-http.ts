// The real outbound transport for partner webhooks: DNS via the system resolver, HTTPS via node,
// and the public-address check done again on the address the socket actually connects to, so a
// host that resolves to a public address when checked and a private one when connecting (DNS
// rebinding) is still refused. Redirects are not followed.
import { lookup as dnsLookup } from 'node:dns';
import { lookup } from 'node:dns/promises';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { request } from 'node:https';
import type { OutboundHttp } from '../../app/app-deps';
import { isPublicAddress } from '../../domain/notifications';

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** dns.lookup that fails for any host with a non-public address among its answers. */
function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const list = addresses as LookupAddress[];
    const bad = list.find((a) => !isPublicAddress(a.address));
    if (bad || list.length === 0) {
      const refused: NodeJS.ErrnoException = new Error(`refused: ${hostname} resolves to ${bad ? `a non-public address (${bad.address})` : 'no address'}`);
      refused.code = 'EADDRNOTPUBLIC';
      return callback(refused, []);
    }
    if (options.all) return callback(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
}

export function createOutboundHttp(): OutboundHttp {
  return {
    async resolve(hostname) {
      const answers = await lookup(hostname, { all: true, verbatim: true });
      return answers.map((a) => a.address);
    },
    post(url, headers, body, opts) {
      return new Promise((resolve, reject) => {
        const req = request(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup: publicOnlyLookup as never, timeout: opts.timeoutMs }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
          res.on('error', reject);
        });
        req.on('timeout', () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
        req.on('error', reject);
        req.end(body);
      });
    },
  };
}
