import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The documentation is read by people who cloned only this repository: every relative link in a
 * markdown file (README.md, docs/**) must reach a file or folder of the repository, and nothing
 * may point at the planners' copy outside it (`../shared/…`), in documents or in code comments.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'test-results', 'data', '.tmp', 'coverage']);
/** Where code and its comments live (the check for references outside the repository). */
const SOURCE_DIRS = ['src', 'bench', 'test', 'web', 'scripts', 'docs', '.ci'];
const SOURCE_FILE = /\.(?:[cm]?[jt]sx?|json|md|html|css|ya?ml|sh)$|^run$/;
/** A path outside the repository: the planners' shared folder, by relative or absolute path. */
const OUTSIDE = new RegExp(['(?:\\.\\./)+shared/', '/work/shared'].join('|'));

export interface Link {
  target: string;
  line: number;
}

/** Blank out fenced code blocks and inline code spans, keeping line numbers and link syntax around them. */
function withoutCode(markdown: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  return markdown
    .replace(/^( {0,3})(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^ {0,3}\2[^\n]*$|(?![\s\S]))/gm, blank)
    .replace(/(`+)[^`\n][\s\S]*?\1/g, blank);
}

/** The targets of inline links and images `[text](target "title")` and of reference definitions `[id]: target`. */
export function markdownLinks(markdown: string): Link[] {
  const text = withoutCode(markdown);
  const lineOf = (index: number) => text.slice(0, index).split('\n').length;
  const links: Link[] = [];
  for (const m of text.matchAll(/\]\(\s*(<[^>\n]*>|[^)\s]+)(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)/g)) {
    links.push({ target: (m[1] ?? '').replace(/^<|>$/g, ''), line: lineOf(m.index ?? 0) });
  }
  for (const m of text.matchAll(/^ {0,3}\[[^\]\n]+\]:\s*(<[^>\n]*>|\S+)/gm)) {
    links.push({ target: (m[1] ?? '').replace(/^<|>$/g, ''), line: lineOf(m.index ?? 0) });
  }
  return links.sort((a, b) => a.line - b.line);
}

/** Why a link from `file` (relative to the repository root) is broken, or null when it is fine. */
export function brokenLink(root: string, file: string, target: string): string | null {
  if (OUTSIDE.test(target)) return 'points outside the repository (../shared)';
  if (target === '' || target.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) return null;
  const bare = target.replace(/[?#].*$/, '');
  let decoded: string;
  try {
    decoded = decodeURIComponent(bare);
  } catch {
    return 'is not a valid URL path';
  }
  const resolved = decoded.startsWith('/') ? path.join(root, decoded) : path.resolve(root, path.dirname(file), decoded);
  const rel = path.relative(root, resolved);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return 'points outside the repository';
  if (!fs.existsSync(resolved)) return 'does not exist';
  return null;
}

function walk(dir: string, keep: (name: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return SKIP_DIRS.has(e.name) ? [] : walk(p, keep);
    return e.isFile() && keep(e.name) ? [p] : [];
  });
}

const rel = (p: string) => path.relative(ROOT, p).split(path.sep).join('/');

describe('links in the documentation', () => {
  it('finds inline links, images and reference definitions, not code', () => {
    const md = [
      'See [the map](docs/design.md) and ![logo](img/logo.png "Logo").',
      '[`docs/domain/`](docs/domain/) and [anchor](#naming), [web](https://example.org/x).',
      '`[not a link](nowhere.md)` stays code.',
      '```',
      '[also code](nowhere.md)',
      '```',
      '[ref]: ../shared/DESIGN.md',
      "[spaced](<my file.md>) [titled](a.md#part 'T')",
    ].join('\n');
    expect(markdownLinks(md)).toEqual([
      { target: 'docs/design.md', line: 1 },
      { target: 'img/logo.png', line: 1 },
      { target: 'docs/domain/', line: 2 },
      { target: '#naming', line: 2 },
      { target: 'https://example.org/x', line: 2 },
      { target: '../shared/DESIGN.md', line: 7 },
      { target: 'my file.md', line: 8 },
      { target: 'a.md#part', line: 8 },
    ]);
  });

  it('accepts existing paths, anchors and URLs; refuses missing files, ../shared and escapes from the repository', () => {
    expect(brokenLink(ROOT, 'README.md', 'docs/design.md')).toBeNull();
    expect(brokenLink(ROOT, 'docs/guide/verval.md', '../adr/README.md#x')).toBeNull();
    expect(brokenLink(ROOT, 'docs/design.md', 'domain/')).toBeNull();
    expect(brokenLink(ROOT, 'docs/design.md', '#naming')).toBeNull();
    expect(brokenLink(ROOT, 'README.md', 'https://example.org')).toBeNull();
    expect(brokenLink(ROOT, 'README.md', 'docs/nothing-here.md')).toBe('does not exist');
    expect(brokenLink(ROOT, 'README.md', '../shared/DESIGN.md')).toMatch(/\.\.\/shared/);
    expect(brokenLink(ROOT, 'docs/design.md', '../../shared/phone-profile.md')).toMatch(/\.\.\/shared/);
    expect(brokenLink(ROOT, 'docs/design.md', '../../elsewhere.md')).toBe('points outside the repository');
  });

  it('every relative link in README.md and docs/ reaches a file of the repository', () => {
    const files = [path.join(ROOT, 'README.md'), ...walk(path.join(ROOT, 'docs'), (n) => n.endsWith('.md'))];
    expect(files.length).toBeGreaterThan(10);
    const problems = files.flatMap((file) =>
      markdownLinks(fs.readFileSync(file, 'utf8')).flatMap(({ target, line }) => {
        const why = brokenLink(ROOT, rel(file), target);
        return why ? [`${rel(file)}:${line} ${target} ${why}`] : [];
      }),
    );
    expect(problems).toEqual([]);
  });

  it('no document or code comment refers to the planners’ folder outside the repository', () => {
    const self = path.resolve(import.meta.filename);
    const files = [
      path.join(ROOT, 'README.md'),
      ...SOURCE_DIRS.flatMap((d) => walk(path.join(ROOT, d), (n) => SOURCE_FILE.test(n))),
    ].filter((f) => path.resolve(f) !== self);
    const offenders = files.flatMap((file) =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((text, i) => (OUTSIDE.test(text) ? [`${rel(file)}:${i + 1}`] : [])),
    );
    expect(offenders).toEqual([]);
  });
});
