import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SECRET_PARAM_FRAGMENTS,
  looksSecret,
  redactSecretUrl,
  USERINFO_PASSWORD,
} from '../../../lib/redaction/secret-url';

const names = DEFAULT_SECRET_PARAM_FRAGMENTS;

describe('redactSecretUrl', () => {
  it.each([
    [
      'a query',
      'https://a.example/p?session_token=S1&q=ok',
      'https://a.example/p?session_token=[redacted]&q=ok',
      ['session_token'],
    ],
    [
      'a fragment',
      'https://a.example/cb#access_token=S2&x=1',
      'https://a.example/cb#access_token=[redacted]&x=1',
      ['access_token'],
    ],
    [
      'query and fragment',
      'http://127.0.0.1:8080/page.html?session_token=S1&q=ok#access_token=S2',
      'http://127.0.0.1:8080/page.html?session_token=[redacted]&q=ok#access_token=[redacted]',
      ['session_token', 'access_token'],
    ],
    [
      'a route in the fragment',
      'https://a.example/#/callback?code=S3&state=x',
      'https://a.example/#/callback?code=[redacted]&state=x',
      ['code'],
    ],
    [
      'an encoded name',
      'https://a.example/?access%5Ftoken=S4&%54oken=S5',
      'https://a.example/?access%5Ftoken=[redacted]&%54oken=[redacted]',
      ['access_token', 'Token'],
    ],
    [
      'a name with + for a space',
      'https://a.example/?api+key=S6',
      'https://a.example/?api+key=[redacted]',
      ['api key'],
    ],
    [
      'a malformed escape in the name',
      'https://a.example/?token%zz=S7',
      'https://a.example/?token%zz=[redacted]',
      ['token%zz'],
    ],
    [
      'repeated parameters, named once',
      'https://a.example/?sig=A&sig=B&x=1',
      'https://a.example/?sig=[redacted]&sig=[redacted]&x=1',
      ['sig'],
    ],
    [
      'any case',
      'https://s3.example/o?X-Amz-Signature=S8&X-Amz-Credential=S9',
      'https://s3.example/o?X-Amz-Signature=[redacted]&X-Amz-Credential=[redacted]',
      ['X-Amz-Signature', 'X-Amz-Credential'],
    ],
    [
      'a value holding = signs',
      'https://a.example/?jwt=a.b.c==&n=1',
      'https://a.example/?jwt=[redacted]&n=1',
      ['jwt'],
    ],
    [
      'parameters without values',
      'https://a.example/?token&password=&q=1',
      'https://a.example/?token&password=&q=1',
      [],
    ],
    [
      'nothing secret',
      'https://a.example/users?page=2&sort=name#roles',
      'https://a.example/users?page=2&sort=name#roles',
      [],
    ],
    ['no query at all', 'https://a.example/reset/abc', 'https://a.example/reset/abc', []],
    ['non-URL input', 'not a url ?ticket=S10 & y', 'not a url ?ticket=[redacted]& y', ['ticket']],
    ['an empty string', '', '', []],
  ])('redacts %s', (_, input, url, redacted) => {
    expect(redactSecretUrl(input, names)).toEqual({ url, redacted });
  });

  it('always replaces a password written into the address, whatever the fragments', () => {
    expect(redactSecretUrl('https://ops:hunter2@console.example/users?q=1', [])).toEqual({
      url: 'https://ops:[redacted]@console.example/users?q=1',
      redacted: [USERINFO_PASSWORD],
    });
    expect(redactSecretUrl('https://ops@console.example/?a=b@c', []).url).toBe(
      'https://ops@console.example/?a=b@c',
    );
  });

  it('uses only the fragments it is given', () => {
    expect(redactSecretUrl('https://a.example/?code=1&tenant=2', ['tenant'])).toEqual({
      url: 'https://a.example/?code=1&tenant=[redacted]',
      redacted: ['tenant'],
    });
    expect(redactSecretUrl('https://a.example/?token=1', [])).toEqual({
      url: 'https://a.example/?token=1',
      redacted: [],
    });
  });

  it('leaves the rest of the address byte for byte', () => {
    const input = 'https://a.example/a%20b?q=a+b%2Fc&auth=x#sec%C3%A9tion';
    expect(redactSecretUrl(input, names).url).toBe(
      'https://a.example/a%20b?q=a+b%2Fc&auth=[redacted]#sec%C3%A9tion',
    );
  });

  it.each([
    ['SAMLResponse', true],
    ['client_secret', true],
    ['pwd', true],
    ['page', false],
    ['q', false],
  ])('%s looks secret: %s', (name, secret) => expect(looksSecret(name, names)).toBe(secret));
});
