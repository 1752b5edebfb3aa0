/** DER certificates as one PEM text. */
export function toPem(ders: readonly Uint8Array[]): string {
  return ders
    .map((der) => {
      let bin = '';
      for (const b of der) bin += String.fromCharCode(b);
      const b64 = btoa(bin)
        .replace(/(.{64})/g, '$1\n')
        .trimEnd();
      return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
    })
    .join('');
}

/** Every certificate in a PEM text, as DER; throws when there is none. */
export function fromPem(text: string): Uint8Array[] {
  const blocks = [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)];
  if (!blocks.length) throw new Error('no PEM certificate found');
  return blocks.map((m) => Uint8Array.from(atob(m[1]!.replace(/\s+/g, '')), (c) => c.charCodeAt(0)));
}
