/** The plain-text guide inside every bundle: how to check it with our tool or with stock tools. */
export function auditorReadme(o: {
  fileName: string;
  entries: number;
  stamped: number;
  fingerprint?: string;
  /** Signed ledgers in the bundle: this exporter's and any teammates'. */
  signers?: number;
}): string {
  return `ProofTrail evidence bundle — how to check it
============================================

1. With ProofTrail's verifier (Node 20+, no account, no extension needed):

     npx prooftrail verify ${o.fileName} --tsa-ca YOUR-TSA-ROOT.pem

   It recomputes every hash in manifest.json, checks that no file was added or removed, checks
   the signed ledger (ledger.jsonl: chain, signatures, one entry per capture and deletion) and
   every RFC 3161 timestamp token against the TSA root you trust.

   Or open verify.html (in this bundle) in a browser, offline, and choose the ZIP or the
   unzipped folder: it runs the same checks and shows the same result.

2. By hand, with stock tools:

   a. Files: compare each file's SHA-256 with manifest.json:
        sha256sum controls/A.5.18/*.png        (and so on for every listed file)

   b. Signing key: public-key.json holds the key that signed the ledger. Its fingerprint
      (RFC 7638) should match the one the capturer's ProofTrail settings show:
        ${o.fingerprint ?? '(no key: this bundle has no ledger)'}

   c. Timestamps: ledger/NNNNNN.json is the exact byte string of ledger entry NNNNNN, and
      ledger/NNNNNN.tsr is a Time-Stamp Authority's signed reply over its SHA-256. For example:

        openssl ts -verify -data ledger/000001.json -in ledger/000001.tsr -CAfile YOUR-TSA-ROOT.pem -untrusted tsa-chain.pem

      prints "Verification: OK" when the TSA vouches that the entry existed at the time the
      token states ("openssl ts -reply -in ledger/000001.tsr -text" shows that time).
      tsa-chain.pem holds the certificates the tokens carry; trust a root you obtained yourself.

This bundle's ledger has ${o.entries} entries; ${o.stamped} of them carry a timestamp token.
${
  (o.signers ?? 1) > 1
    ? `It also carries ${(o.signers ?? 1) - 1} ledger(s) of teammates whose evidence was imported: each
folder under signers/ has the same layout (ledger.jsonl, ledger/, public-key.json) and is checked
the same way, with paths prefixed by that folder.
`
    : ''
}
index.html is a readable report of the evidence (it runs no script and loads nothing from the
network); evidence.csv lists one row per capture and control; oscal/assessment-results.json is
the same evidence as OSCAL Assessment Results; schemas/manifest.schema.json describes manifest.json.
`;
}
