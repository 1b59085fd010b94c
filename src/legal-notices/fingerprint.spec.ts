import { createHash } from 'node:crypto';
import { canonicalJson, computeFingerprint, FingerprintSubstance, fingerprintPayload } from './fingerprint';

const ARRETE: FingerprintSubstance = {
  kind: 'arrete',
  reference: '2026-045',
  title: 'Arrêté portant réglementation temporaire de la circulation rue Léo Lagrange',
  text: 'Article 1 : la circulation est interdite.',
  actDate: '2026-11-02',
  signatory: { name: 'Jean Dupont', role: 'Le Maire' },
  publishedAt: new Date('2026-11-03T09:30:00.000Z'),
  documentSha256: ['A'.repeat(64), null],
};

describe('fingerprint', () => {
  it('serialises with sorted keys at every level and no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: 'é' }], 'A': true })).toBe('{"A":true,"a":[{"c":"é","d":null}],"b":1}');
  });

  it('builds the documented payload: fixed fields, UTC publication time, lower-case document hashes in order', () => {
    const expected = '{"actDate":"2026-11-02","documents":["' + 'a'.repeat(64) + '",null],"kind":"arrete",'
      + '"publishedAt":"2026-11-03T09:30:00.000Z","reference":"2026-045",'
      + '"signatory":{"name":"Jean Dupont","role":"Le Maire"},'
      + '"text":"Article 1 : la circulation est interdite.",'
      + '"title":"Arrêté portant réglementation temporaire de la circulation rue Léo Lagrange"}';
    expect(fingerprintPayload(ARRETE)).toBe(expected);
  });

  it('is the SHA-256 of the payload, and equals the value computed with sha256sum on that text', () => {
    const payload = fingerprintPayload(ARRETE);
    expect(computeFingerprint(ARRETE)).toBe(createHash('sha256').update(Buffer.from(payload, 'utf8')).digest('hex'));
    expect(computeFingerprint(ARRETE)).toBe('b76d3f944f6b4ffe9347bdc95bc3192f28f655b7534f377a4e6651babcfa9ea0');
  });

  it('changes when any part of the substance changes', () => {
    const base = computeFingerprint(ARRETE);
    const variants: FingerprintSubstance[] = [
      { ...ARRETE, title: `${ARRETE.title}.` },
      { ...ARRETE, text: 'Article 1 : la circulation est autorisée.' },
      { ...ARRETE, reference: '2026-046' },
      { ...ARRETE, actDate: '2026-11-01' },
      { ...ARRETE, signatory: { name: 'Jean Dupont', role: 'Le Maire adjoint' } },
      { ...ARRETE, publishedAt: new Date('2026-11-03T09:30:00.001Z') },
      { ...ARRETE, documentSha256: [null, 'a'.repeat(64)] },
      { ...ARRETE, kind: 'decision' },
    ];
    for (const variant of variants) expect(computeFingerprint(variant)).not.toBe(base);
  });
});
