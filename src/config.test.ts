import { describe, expect, it } from 'vitest';
import { ConfigError, readCliConfig, readConfig } from './config';

describe('readConfig', () => {
  it('defaults to the embedded emulator with no token', () => {
    const config = readConfig({});
    expect(config.mode).toBe('embedded');
    expect(config.PORT).toBe(3000);
    expect(config.SQLITE_PATH).toBe('./data/cosell.db');
  });

  it('binds 127.0.0.1 in the demo and 0.0.0.0 on a portal unless HOST says otherwise', () => {
    expect(readConfig({}).bindHost).toBe('127.0.0.1');
    expect(readConfig({ HOST: '0.0.0.0' }).bindHost).toBe('0.0.0.0');
    const portal = { HUBSPOT_ACCESS_TOKEN: 'pat-x', HUBSPOT_CLIENT_SECRET: 'secret-secret', HUBSPOT_APP_ID: '1', HUBSPOT_PORTAL_ID: '2', PUBLIC_URL: 'https://cosell.example.com' };
    expect(readConfig(portal).bindHost).toBe('0.0.0.0');
    expect(readConfig({ ...portal, HOST: '10.0.0.5' }).bindHost).toBe('10.0.0.5');
    expect(readConfig({ ...portal, HOST: '::' }).bindHost).toBe('::');
    expect(readConfig({ HOST: 'backend.internal' }).bindHost).toBe('backend.internal');
    expect(() => readConfig({ HOST: 'http://x' })).toThrowError(/^HOST: must be an IP address or host name/);
  });

  it('names the variable that is wrong', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrowError(/^PORT: /);
    try {
      readConfig({ DATABASE_URL: 'mysql://x' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe('DATABASE_URL');
    }
  });

  it('requires the whole set of portal variables once a token is given', () => {
    expect(() => readConfig({ HUBSPOT_ACCESS_TOKEN: 'pat-x' })).toThrowError(/^HUBSPOT_CLIENT_SECRET: required/);
    const config = readConfig({
      HUBSPOT_ACCESS_TOKEN: 'pat-x',
      HUBSPOT_CLIENT_SECRET: 'secret-secret',
      HUBSPOT_APP_ID: '123',
      HUBSPOT_PORTAL_ID: '456',
      PUBLIC_URL: 'https://cosell.example.com',
    });
    expect(config.mode).toBe('portal');
  });

  it('refuses to start the embedded demo in production, in one line naming what is missing', () => {
    let error: unknown;
    try {
      readConfig({ NODE_ENV: 'production', PORT: '3000' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe('HUBSPOT_ACCESS_TOKEN');
    expect((error as ConfigError).message).toMatch(/^HUBSPOT_ACCESS_TOKEN: required when NODE_ENV=production/);
    expect((error as ConfigError).message).not.toContain('\n');
    // An empty token is no token (a `-e HUBSPOT_ACCESS_TOKEN=` left blank in a container).
    expect(() => readConfig({ NODE_ENV: 'production', HUBSPOT_ACCESS_TOKEN: '' })).toThrowError(/^HUBSPOT_ACCESS_TOKEN: required/);
    // Development and test keep the demo as today.
    expect(readConfig({ NODE_ENV: 'development' }).mode).toBe('embedded');
    expect(readConfig({ NODE_ENV: 'test' }).mode).toBe('embedded');
  });

  it('resets the demo database by default and keeps it with COSELL_DEMO_RESET=0', () => {
    expect(readConfig({}).COSELL_DEMO_RESET).toBe(true);
    expect(readConfig({ COSELL_DEMO_RESET: '0' }).COSELL_DEMO_RESET).toBe(false);
    expect(readConfig({ COSELL_DEMO_RESET: '1' }).COSELL_DEMO_RESET).toBe(true);
    expect(() => readConfig({ COSELL_DEMO_RESET: 'no' })).toThrowError(/^COSELL_DEMO_RESET: /);
  });

  it('sweeps partner labels every 15 minutes unless told otherwise (0 turns it off)', () => {
    expect(readConfig({}).LABEL_SWEEP_MINUTES).toBe(15);
    expect(readConfig({ LABEL_SWEEP_MINUTES: '5' }).LABEL_SWEEP_MINUTES).toBe(5);
    expect(readConfig({ LABEL_SWEEP_MINUTES: '0' }).LABEL_SWEEP_MINUTES).toBe(0);
    expect(() => readConfig({ LABEL_SWEEP_MINUTES: '7' })).toThrowError(/^LABEL_SWEEP_MINUTES: must divide 60/);
  });

  it('reads the registration term in days (default 90) and refuses one that is not a whole number of days', () => {
    expect(readConfig({}).REGISTRATION_TTL_DAYS).toBe(90);
    expect(readConfig({ REGISTRATION_TTL_DAYS: '30' }).REGISTRATION_TTL_DAYS).toBe(30);
    expect(() => readConfig({ REGISTRATION_TTL_DAYS: '0' })).toThrowError(/^REGISTRATION_TTL_DAYS: must be 1..3650 days/);
    expect(() => readConfig({ REGISTRATION_TTL_DAYS: '1.5' })).toThrowError(/^REGISTRATION_TTL_DAYS: must be a whole number of days/);
  });

  it('parses id lists for settings permissions', () => {
    expect(readConfig({ SETTINGS_ALLOWED_USERS: '1, 2,3' }).SETTINGS_ALLOWED_USERS).toEqual(['1', '2', '3']);
    expect(() => readConfig({ SETTINGS_ALLOWED_TEAMS: 'a,b' })).toThrowError(/^SETTINGS_ALLOWED_TEAMS:/);
  });
});

describe('readCliConfig', () => {
  it('reads what the commands need without asking for the service-only variables', () => {
    const env = readCliConfig({ HUBSPOT_ACCESS_TOKEN: 'pat-x', HUBSPOT_BASE_URL: 'http://127.0.0.1:4010' });
    expect(env).toMatchObject({ HUBSPOT_ACCESS_TOKEN: 'pat-x', HUBSPOT_BASE_URL: 'http://127.0.0.1:4010', SQLITE_PATH: './data/cosell.db' });
  });

  it('names the variable that is wrong, like readConfig', () => {
    expect(() => readCliConfig({ HUBSPOT_BASE_URL: 'not a url' })).toThrowError(/^HUBSPOT_BASE_URL: /);
    expect(() => readCliConfig({ DATABASE_URL: 'mysql://x' })).toThrowError(/^DATABASE_URL: /);
  });
});
