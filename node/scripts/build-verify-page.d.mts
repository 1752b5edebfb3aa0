/** Builds assets/public/viewer/verify.html.txt (the self-contained bundle verifier); returns its path. */
export function buildVerifyPage(): Promise<string>;
