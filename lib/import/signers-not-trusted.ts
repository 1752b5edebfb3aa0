/** A key that signed part of a bundle but is not trusted here, with the identity it claims. */
export interface UntrustedSigner {
  /** RFC 7638 SHA-256 thumbprint of the key. */
  fingerprint: string;
  /** Name and e-mail the bundle claims for the key (unproven until the key is trusted). */
  name: string;
  email: string;
  /**
   * `unknown`: no key is trusted for this e-mail. `key-changed`: another key is trusted for this
   * e-mail (`trustedFingerprint`), so this one may be someone else signing in that person's name.
   */
  reason: 'unknown' | 'key-changed';
  trustedFingerprint?: string;
}

/**
 * The bundle was not imported because some of its keys are not trusted. Importing again with their
 * fingerprints in `trust` trusts them (replacing any other key trusted for the same e-mail).
 */
export class SignersNotTrusted extends Error {
  constructor(readonly signers: UntrustedSigner[]) {
    const changed = signers.filter((s) => s.reason === 'key-changed').length;
    super(
      `${signers.length} signing key${signers.length === 1 ? ' is' : 's are'} not trusted${
        changed ? ` (${changed} with a changed key for a known e-mail)` : ''
      }: ${signers.map((s) => `${s.name} <${s.email}> key ${s.fingerprint}`).join('; ')}`,
    );
    this.name = 'SignersNotTrusted';
  }
}
