import { describe, expect, it } from 'vitest';
import { resolvePartnerNames, run } from '../src/cli/pairings';
import { captureCliIo } from './support/capture-cli-io';

const partners = [
  { id: '11', name: 'Northwind Resellers' },
  { id: '12', name: 'Stackly' },
  { id: '13', name: 'Stackly' },
  { id: '14', name: 'Bluepeak Channel' },
];

describe('resolvePartnerNames', () => {
  it('matches names exactly, ignoring case and spaces around them', () => {
    expect(resolvePartnerNames([' northwind resellers', 'BLUEPEAK CHANNEL'], partners)).toEqual({ ids: ['11', '14'] });
  });

  it('names each problem by its position: unknown, ambiguous; an id settles an ambiguous name', () => {
    expect(resolvePartnerNames(['Northwind', 'Stackly'], partners)).toEqual({
      errors: ['--partners[0]: no partner company named "Northwind"', '--partners[1]: "Stackly" names 2 partner companies (ids 12, 13): give the id instead'],
    });
    expect(resolvePartnerNames(['Northwind Resellers', '13'], partners)).toEqual({ ids: ['11', '13'] });
    expect(resolvePartnerNames(['99'], partners)).toEqual({ errors: ['--partners[0]: no partner company named "99"'] });
  });
});

describe('cosell pairings: bad input exits 2 before anything is opened', () => {
  const cli = async (...args: string[]) => {
    const c = captureCliIo({ SQLITE_PATH: '/nonexistent/dir/never-opened.db' });
    const code = await run(args, c.io);
    return { code, out: c.out(), err: c.err() };
  };

  it.each([
    [['frobnicate'], 'unknown sub-command "frobnicate"'],
    [['add', '--partners', 'A,B', '--model', 'sell_with'], 'missing --start'],
    [['add', '--partners'], '--partners needs a value'],
    [['list', '--status', 'ended'], '--status does not apply here'],
    [['list', 'extra'], 'unexpected argument "extra"'],
    [['decide', '--status', 'ended', '--note', 'x'], 'give one pairing id'],
    [['decide', '7', '--status', 'paused', '--note', 'x'], '--status:'],
    [['decide', '7', '--status', 'ended'], '--note: say why'],
    [['add', '--partners', 'A,B', '--model', 'sell_with', '--start', '2026-01-05'], 'HUBSPOT_ACCESS_TOKEN is not set'],
  ])('%j', async (args, message) => {
    const r = await cli(...args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });

  it('prints its usage with --help and exits 0', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('cosell pairings add --partners A,B[,C]');
  });
});
