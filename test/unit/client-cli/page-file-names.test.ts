import { PageFileNames } from '../../../src/client-cli/page-file-names';

describe('PageFileNames', () => {
  it('flattens host, port, path and query into one safe name', () => {
    const names = new PageFileNames();
    expect(names.nameFor('https://Example.com/')).toBe('example.com_index.md');
    expect(names.nameFor('http://127.0.0.1:8080/docs/intro/')).toBe('127.0.0.1_8080_docs_intro.md');
    expect(names.nameFor('https://example.com/search?q=a b&x=%2F..')).toBe('example.com_search_q_a_20b_x_2F.md');
  });

  it('never yields a path separator, a parent reference or a dotfile', () => {
    const names = new PageFileNames();
    for (const url of ['https://example.com/../../etc/passwd', 'https://example.com/a%2F..%2F..%2Fb', 'https://example.com/.hidden', 'not a url/../x']) {
      const name = names.nameFor(url);
      expect(name).not.toMatch(/[/\\]/);
      expect(name.startsWith('.')).toBe(false);
      expect(name).toMatch(/^[A-Za-z0-9._-]+\.md$/);
    }
  });

  it('keeps names unique, also case-insensitively', () => {
    const names = new PageFileNames();
    expect(names.nameFor('https://example.com/Page')).toBe('example.com_Page.md');
    expect(names.nameFor('https://example.com/page')).toBe('example.com_page-2.md');
    expect(names.nameFor('https://example.com/page/')).toBe('example.com_page-3.md');
  });

  it('cuts long names and keeps them apart with a hash of the URL', () => {
    const names = new PageFileNames();
    const long = `https://example.com/${'a'.repeat(300)}`;
    const first = names.nameFor(`${long}/1`);
    const second = names.nameFor(`${long}/2`);
    expect(first.length).toBeLessThanOrEqual(103);
    expect(first).not.toBe(second);
    expect(second).not.toMatch(/-2\.md$/);
  });
});
