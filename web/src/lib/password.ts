const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A password people can read aloud: 4 groups of 4 without look-alike characters, with a digit. */
export function generatePassword(): string {
  for (;;) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    let out = '';
    bytes.forEach((b, i) => {
      if (i > 0 && i % 4 === 0) out += '-';
      out += ALPHABET[b % ALPHABET.length];
    });
    if (/\d/.test(out) && /[a-z]/i.test(out)) return out;
  }
}
