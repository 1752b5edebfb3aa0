import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Certificate } from 'pkijs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TSA_ROOTS_SOURCE, defaultTsaRoots, trustedRootsWith } from '../../../lib/tsa/default-roots';
import { DEFAULT_TSA_ROOTS_NODE } from '../../../lib/tsa/default-roots-data';
import { certificatesFromPem, fromPem, looksLikeCertificate, toPem } from '../../../lib/tsa/pem';
import { defaultRootsModule } from '../../../node/scripts/write-default-roots';

describe('default TSA roots', () => {
  it("are Node's tls.rootCertificates, each a certificate, the CAs of the suggested TSAs among them", () => {
    const roots = defaultTsaRoots();
    expect(roots.length).toBeGreaterThan(100);
    expect(DEFAULT_TSA_ROOTS_SOURCE).toMatch(/tls\.rootCertificates/);
    const subjects = roots.map((der) => {
      expect(looksLikeCertificate(der)).toBe(true);
      return Certificate.fromBER(der.slice())
        .subject.typesAndValues.map((t) => String(t.value.valueBlock.value))
        .join(', ');
    });
    // DigiCert's, Sectigo's (via USERTrust) and GlobalSign's TSA chains end at these.
    for (const name of ['DigiCert Trusted Root G4', 'USERTrust RSA Certification Authority', 'GlobalSign'])
      expect(subjects.join('\n')).toContain(name);
  });

  it.runIf(process.version === DEFAULT_TSA_ROOTS_NODE)(
    'the committed module is what write-default-roots.ts makes from this Node',
    () => {
      const committed = readFileSync(
        new URL('../../../lib/tsa/default-roots-data.ts', import.meta.url),
        'utf8',
      );
      expect(committed).toBe(defaultRootsModule(rootCertificates, process.version));
      expect(defaultTsaRoots().map((d) => toPem([d]))).toEqual(
        rootCertificates.map((p) => toPem(fromPem(p))),
      );
    },
  );

  it('trustedRootsWith adds the extra roots once, or only them', () => {
    const extra = defaultTsaRoots()[0]!.slice();
    const own = certificatesFromPem(toPem([defaultTsaRoots()[1]!]))[0]!;
    expect(trustedRootsWith([extra])).toHaveLength(defaultTsaRoots().length);
    expect(trustedRootsWith([own, own], { defaults: false })).toEqual([own]);
  });

  it('PEM roots are checked with a message for a person', () => {
    expect(() => certificatesFromPem('hello')).toThrow(/No certificate found/);
    expect(() => certificatesFromPem('-----BEGIN CERTIFICATE-----\n%%%\n-----END CERTIFICATE-----')).toThrow(
      /Certificate 1 of 1 is not valid base64/,
    );
    expect(() =>
      certificatesFromPem('-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----'),
    ).toThrow(/Certificate 1 of 1 is not an X.509 certificate/);
  });
});
