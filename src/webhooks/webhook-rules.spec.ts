import { isValidSignature, newWebhookSecret, signatureOf, signedHeaders } from './webhook-signature';
import { isPublicAddress, urlProblem } from './webhook-target';
import { retryDelayMs, WebhookEvent, webhookEventFor } from './webhook.types';

describe('webhookEventFor', () => {
  const draft = { published: false, deleted: false };
  const visible = { published: true, deleted: false };
  const deletedVisible = { published: true, deleted: true };
  it.each([
    ['a creation as a draft', null, draft, null],
    ['a draft edited', draft, draft, null],
    ['a publication', draft, visible, WebhookEvent.PUBLISHED],
    ['an item created published (a restore)', null, visible, WebhookEvent.PUBLISHED],
    ['an edit of published content', visible, visible, WebhookEvent.UPDATED],
    ['an unpublication', visible, draft, WebhookEvent.UNPUBLISHED],
    ['the deletion of a published item', visible, deletedVisible, WebhookEvent.DELETED],
    ['the deletion of a draft', draft, { published: false, deleted: true }, null],
    ['a published item brought back from the bin', deletedVisible, visible, WebhookEvent.PUBLISHED],
  ])('%s', (_name, before, after, expected) => {
    expect(webhookEventFor(before, after)).toBe(expected);
  });
});

describe('retryDelayMs', () => {
  it('doubles from the base and stops growing at six hours', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 30_000))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(40, 30_000)).toBe(6 * 3600_000);
  });
});

describe('signatures (Standard Webhooks)', () => {
  // The specification's own example: secret, id, timestamp, payload and expected signature.
  it('matches the specification example', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = '{"test": 2432232314}';
    expect(signatureOf(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('accepts its own signature among several, and refuses a changed body, id or timestamp', () => {
    const secret = newWebhookSecret();
    const headers = signedHeaders(secret, 'd1', 1_800_000_000, '{"a":1}');
    const header = `v1,bm90LXRoaXMtb25l ${headers['webhook-signature']}`;
    expect(isValidSignature(secret, 'd1', 1_800_000_000, '{"a":1}', header)).toBe(true);
    expect(isValidSignature(secret, 'd1', 1_800_000_000, '{"a":2}', header)).toBe(false);
    expect(isValidSignature(secret, 'd2', 1_800_000_000, '{"a":1}', header)).toBe(false);
    expect(isValidSignature(secret, 'd1', 1_800_000_001, '{"a":1}', header)).toBe(false);
    expect(isValidSignature(newWebhookSecret(), 'd1', 1_800_000_000, '{"a":1}', header)).toBe(false);
  });
});

describe('webhook targets', () => {
  it.each(['127.0.0.1', '10.0.0.8', '172.20.1.1', '192.168.1.10', '169.254.169.254', '100.64.3.4', '0.0.0.0', '::1', 'fe80::1', 'fd00::5',
    '::ffff:127.0.0.1', '::ffff:10.0.0.1', '224.0.0.1', 'not-an-ip'])('%s is not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.216.34', '2a01:e0a:1::1', '::ffff:93.184.216.34'])('%s is public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it('wants https (http only where allowed), no credentials and no fragment', () => {
    const strict = { allowHttp: false, allowPrivateAddresses: false };
    expect(urlProblem('https://agenda.example.fr/hook', strict)).toBeNull();
    expect(urlProblem('http://agenda.example.fr/hook', strict)).toMatch(/https/);
    expect(urlProblem('http://agenda.example.fr/hook', { ...strict, allowHttp: true })).toBeNull();
    expect(urlProblem('ftp://agenda.example.fr/hook', { ...strict, allowHttp: true })).toMatch(/https:\/\/ or http/);
    expect(urlProblem('https://u:p@agenda.example.fr/', strict)).toMatch(/user name/);
    expect(urlProblem('https://agenda.example.fr/#x', strict)).toMatch(/fragment/);
    expect(urlProblem('agenda.example.fr', strict)).toMatch(/absolute URL/);
  });
});
