import { buildOutputs } from '../../../../src/extract/build-outputs';
import type { PageMetadata } from '../../../../src/extract/types';
import { htmlDocument, PAGE_URL, readFixture } from '../../../helpers/extract-documents';

async function metadataOf(html: string, overrides = {}): Promise<PageMetadata | undefined> {
  const { outputs } = await buildOutputs(htmlDocument(html, overrides), { output: ['metadata'] });
  return outputs.metadata;
}

describe('metadata', () => {
  it('reads title, description, language, canonical, og, twitter and the published date', async () => {
    expect(await metadataOf(readFixture('article-page.html'))).toEqual({
      title: 'Building a Bridge Over the River Wye | The Valley Post',
      description: 'How a small town paid for, designed and built its own footbridge.',
      language: 'en-GB',
      canonical: 'https://valley.example/news/wye-bridge',
      published_at: '2024-03-01T09:30:00Z',
      og: { title: 'Building a Bridge Over the River Wye', image: '/images/bridge-og.jpg' },
      twitter: { card: 'summary_large_image' },
      status_code: 200,
      final_url: PAGE_URL,
      content_type: 'text/html',
    });
  });

  it('reports the response: status code, final URL and content type', async () => {
    const metadata = await metadataOf('<p>x</p>', { statusCode: 203, finalUrl: 'https://moved.example/x', contentType: 'application/xhtml+xml' });
    expect(metadata).toMatchObject({ status_code: 203, final_url: 'https://moved.example/x', content_type: 'application/xhtml+xml' });
  });

  it('takes dates from JSON-LD (also inside @graph) when there is no article:published_time', async () => {
    const jsonLd = JSON.stringify({
      '@context': 'https://schema.org',
      '@graph': [{ '@type': 'WebSite' }, { '@type': 'NewsArticle', datePublished: '2023-05-06', dateModified: '2023-05-07T10:00:00+02:00' }],
    });
    const metadata = await metadataOf(
      `<html><head><script type="application/ld+json">{ not json</script><script type="application/ld+json">${jsonLd}</script></head><body><time datetime="2000-01-01">old</time></body></html>`,
    );
    expect(metadata?.published_at).toBe('2023-05-06');
    expect(metadata?.modified_at).toBe('2023-05-07T10:00:00+02:00');
  });

  it('falls back to the first <time datetime> for the published date, and to og:title for the title', async () => {
    const metadata = await metadataOf(
      '<html><head><meta property="og:title" content="OG title"></head><body><time datetime="2022-02-02T02:02:02Z">Feb 2</time></body></html>',
    );
    expect(metadata?.published_at).toBe('2022-02-02T02:02:02Z');
    expect(metadata?.title).toBe('OG title');
  });

  it('reads space-separated RDFa properties and the language from a meta tag', async () => {
    const metadata = await metadataOf(
      '<html><head><meta http-equiv="content-language" content="fr"><meta property="og:description twitter:description" content="Both"><meta property="article:modified_time" content="2021-01-01"></head><body></body></html>',
    );
    expect(metadata?.language).toBe('fr');
    expect(metadata?.description).toBe('Both');
    expect(metadata?.og).toEqual({ description: 'Both' });
    expect(metadata?.twitter).toEqual({ description: 'Both' });
    expect(metadata?.modified_at).toBe('2021-01-01');
  });

  it('omits what the page does not say', async () => {
    expect(await metadataOf('<p>bare</p>')).toEqual({ og: {}, twitter: {}, status_code: 200, final_url: PAGE_URL, content_type: 'text/html' });
  });
});
