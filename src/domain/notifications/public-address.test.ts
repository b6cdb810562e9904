import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPublicAddress, webhookUrlProblem } from './public-address';

describe('isPublicAddress', () => {
  it.each([
    ['10.0.0.1', false],
    ['172.16.5.4', false],
    ['172.32.0.1', true],
    ['192.168.1.1', false],
    ['127.0.0.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['8.8.8.8', true],
    ['93.184.215.14', true],
    ['::1', false],
    ['::', false],
    ['fe80::1', false],
    ['fd12:3456::1', false],
    ['fc00::1', false],
    ['ff02::1', false],
    ['2001:db8::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:10.1.1.1', false],
    ['::ffff:8.8.8.8', true],
    ['::ffff:7f00:1', false],
    ['2606:4700:4700::1111', true],
    ['not an address', false],
    ['1.2.3', false],
  ])('%s → %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it('never calls any 10.x, 127.x or 192.168.x address public', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(fc.constantFrom('10', '127', '192.168'), octet, octet, octet, (prefix, a, b, c) => {
        const address = prefix === '192.168' ? `192.168.${a}.${b}` : `${prefix}.${a}.${b}.${c}`;
        return !isPublicAddress(address) && !isPublicAddress(`::ffff:${address}`);
      }),
    );
  });
});

describe('webhookUrlProblem', () => {
  it.each([
    ['https://hooks.partner.example/cosell', null],
    ['http://hooks.partner.example/cosell', 'must start with https://'],
    ['ftp://hooks.partner.example', 'must start with https://'],
    ['hooks.partner.example', 'must be an absolute https:// URL'],
    ['https://user:pw@hooks.partner.example', 'must not contain a user name or password'],
    ['https://localhost:8443/x', 'must not point at this machine (localhost)'],
    ['https://127.0.0.1/x', 'must not point at a private, loopback or link-local address (127.0.0.1)'],
    ['https://[::1]/x', 'must not point at a private, loopback or link-local address (::1)'],
    ['https://169.254.169.254/latest', 'must not point at a private, loopback or link-local address (169.254.169.254)'],
  ])('%s → %s', (url, problem) => {
    expect(webhookUrlProblem(url)).toBe(problem);
  });
});
