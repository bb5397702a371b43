import type { z } from 'zod';

/** Zod's issues on a criteria document, as problems with a document path and a reason in both languages. */

export interface Problem {
  path: string;
  message: string;
  messageEn: string;
}

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

const listFormat = (values: readonly unknown[]) => values.map((v) => String(v)).join(', ');

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

function valueAt(root: Json, path: readonly PropertyKey[]): Json {
  let v = root;
  for (const p of path) {
    if (Array.isArray(v) && typeof p === 'number') v = v[p];
    else if (isObject(v) && typeof p === 'string') v = v[p];
    else return undefined;
  }
  return v;
}

const TYPE_NAMES: Record<string, [string, string]> = {
  string: ['teks', 'text'],
  number: ['angka', 'a number'],
  int: ['bilangan bulat', 'a whole number'],
  boolean: ['true/false', 'true/false'],
  array: ['daftar [...]', 'a list [...]'],
  object: ['objek {...}', 'an object {...}'],
};

/** Zod's issues in the two languages, keyed to the document path. */
function describeIssue(issueIn: z.core.$ZodIssue, input: Json): Problem {
  const path = formatPath(issueIn.path);
  const at = path || '(dokumen)';
  const p = (message: string, messageEn: string): Problem => ({ path: at, message, messageEn });
  switch (issueIn.code) {
    case 'custom': {
      const id = (issueIn.params as { id?: string } | undefined)?.id;
      return p(id ?? issueIn.message, issueIn.message);
    }
    case 'invalid_type': {
      if (valueAt(input, issueIn.path) === undefined) return p('Wajib diisi', 'Required');
      const [id, en] = TYPE_NAMES[issueIn.expected] ?? [issueIn.expected, issueIn.expected];
      return p(`Harus berupa ${id}`, `Must be ${en}`);
    }
    case 'unrecognized_keys':
      return p(`Kunci tidak dikenal: ${issueIn.keys.join(', ')}`, `Unknown key(s): ${issueIn.keys.join(', ')}`);
    case 'invalid_value':
      return p(`Harus salah satu dari: ${listFormat(issueIn.values)}`, `Must be one of: ${listFormat(issueIn.values)}`);
    case 'invalid_union':
      return p('Jenis nilai tidak sesuai (angka, teks, atau true/false)', 'Wrong kind of value (number, text or true/false)');
    case 'too_small':
      if (issueIn.origin === 'array') {
        return issueIn.minimum === 1
          ? p('Tidak boleh kosong', 'Must not be empty')
          : p(`Minimal ${issueIn.minimum} isi`, `At least ${issueIn.minimum} items`);
      }
      if (issueIn.origin === 'string') return p('Tidak boleh kosong', 'Must not be empty');
      return p(`Minimal ${issueIn.minimum}`, `At least ${issueIn.minimum}`);
    case 'too_big':
      return issueIn.origin === 'array'
        ? p(`Maksimal ${issueIn.maximum} isi`, `At most ${issueIn.maximum} items`)
        : p(
            `Maksimal ${issueIn.maximum}${issueIn.origin === 'string' ? ' karakter' : ''}`,
            `At most ${issueIn.maximum}${issueIn.origin === 'string' ? ' characters' : ''}`,
          );
    case 'invalid_format':
      return issueIn.path[issueIn.path.length - 1] === 'id' && issueIn.path.length === 1
        ? p(
            'Kode kriteria: huruf kecil, angka, titik, garis bawah atau tanda hubung',
            'Criteria code: lower-case letters, digits, dot, underscore or hyphen',
          )
        : p(
            'Format tidak sesuai: huruf, angka, titik, garis bawah atau tanda hubung',
            'Wrong format: letters, digits, dot, underscore or hyphen',
          );
    case 'not_multiple_of':
      return p('Harus bilangan bulat', 'Must be a whole number');
    default:
      return p(issueIn.message, issueIn.message);
  }
}

/** Every issue once, in document order. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: Json): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const i of issues) {
    const pr = describeIssue(i, input);
    const key = `${pr.path}|${pr.messageEn}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(pr);
  }
  return problems;
}
