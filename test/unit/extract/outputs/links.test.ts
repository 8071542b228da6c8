import { buildOutputs } from '../../../../src/extract/build-outputs';
import { htmlDocument, PAGE_URL } from '../../../helpers/extract-documents';

async function linksOf(html: string, finalUrl = PAGE_URL): Promise<string[] | undefined> {
  const { outputs } = await buildOutputs(htmlDocument(html, { finalUrl }), { output: ['links'] });
  return outputs.links;
}

describe('links', () => {
  it('lists absolute http(s) URLs of every <a href>, fragment dropped, first occurrence kept, in order', async () => {
    const links = await linksOf(
      '<nav><a href="/b">B</a></nav><p><a href="a.html#top">A</a> <a href="/b#x">B again</a> <a href="https://other.example/c?q=1#f">C</a> <a href="#local">Here</a></p><footer><a href="http://plain.example/">D</a></footer>',
    );
    expect(links).toEqual([
      'https://valley.example/b',
      'https://valley.example/news/2024/a.html',
      'https://other.example/c?q=1',
      PAGE_URL,
      'http://plain.example/',
    ]);
  });

  it('skips mailto:, javascript:, tel: and unparsable hrefs, and anchors without href', async () => {
    const links = await linksOf(
      '<a href="mailto:a@b.example">m</a><a href="javascript:void(0)">j</a><a href="tel:+441234">t</a><a href="http://[bad">x</a><a name="n">n</a><a href="/ok">ok</a>',
    );
    expect(links).toEqual(['https://valley.example/ok']);
  });

  it('resolves against <base href>', async () => {
    expect(await linksOf('<html><head><base href="https://cdn.example/docs/"></head><body><a href="intro">i</a></body></html>')).toEqual([
      'https://cdn.example/docs/intro',
    ]);
  });

  it('resolves a relative <base href> against the final URL', async () => {
    expect(await linksOf('<html><head><base href="/v2/"></head><body><a href="intro">i</a></body></html>')).toEqual(['https://valley.example/v2/intro']);
  });
});
