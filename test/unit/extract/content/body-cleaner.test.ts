import { removeBoilerplate, removeNonContent } from '../../../../src/extract/content/body-cleaner';
import { parseHtml } from '../../../../src/extract/dom/dom';

function cleaned(body: string): string {
  const page = parseHtml(`<html><body>${body}</body></html>`, 'https://site.example/');
  try {
    removeNonContent(page.document.body);
    removeBoilerplate(page.document.body);
    return page.document.body.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  } finally {
    page.close();
  }
}

const STORY = '<p>The story itself, told at some length so that it is clearly the content of the page.</p>';

describe('body cleaner', () => {
  it('removes nav, aside, page header and footer, and navigation roles', () => {
    const text = cleaned(
      `<header>Site name</header><nav>Home News</nav><div role="navigation">Breadcrumbs</div><main>${STORY}</main><aside>Related</aside><footer>Copyright</footer>`,
    );
    expect(text).toBe('The story itself, told at some length so that it is clearly the content of the page.');
  });

  it('keeps a header and footer that belong to the article', () => {
    const text = cleaned(`<article><header>Story title</header>${STORY}<footer>Filed under: bridges</footer></article>`);
    expect(text).toContain('Story title');
    expect(text).toContain('Filed under: bridges');
  });

  it('removes cookie banners, share and social widgets, newsletters and ads by class or id', () => {
    const text = cleaned(
      `<div id="onetrust-consent-sdk">We value your privacy</div><div class="cookieBanner">Cookies!</div>${STORY}<ul class="social-links"><li>Follow us</li></ul><div class="share_tools">Share this</div><section class="newsletter">Subscribe now</section><div class="ad-slot">Buy things</div>`,
    );
    expect(text).toBe('The story itself, told at some length so that it is clearly the content of the page.');
  });

  it('does not take heading slugs for widget names', () => {
    expect(cleaned(`<section id="sharing-with-a-single-developer">${STORY}</section><p>x</p>`)).toContain('The story itself');
  });

  it('removes forms, scripts, styles and hidden nodes', () => {
    const text = cleaned(
      `${STORY}<form><label>Email</label><input name="e"></form><script>var tracking = 1;</script><div hidden>Hidden one</div><div style="display: none">Hidden two</div><span aria-hidden="true">Icon</span>`,
    );
    expect(text).toBe('The story itself, told at some length so that it is clearly the content of the page.');
  });

  it('keeps a wrapper that holds most of the page even when it looks like boilerplate', () => {
    // ASP.NET pages wrap everything in one form; some pages hide the body until a script runs.
    expect(cleaned(`<form id="aspnetForm"><div style="visibility:hidden">${STORY}</div></form>`)).toContain('The story itself');
  });

  it('keeps noscript images in place of their lazy-loading placeholder and drops noscript notices', () => {
    const page = parseHtml(
      '<html><body><img src="placeholder.gif" class="lazy"><noscript><img src="/real.jpg" alt="Real"></noscript><noscript><p>Please enable JavaScript.</p></noscript></body></html>',
      'https://site.example/',
    );
    try {
      removeNonContent(page.document.body);
      expect([...page.document.body.querySelectorAll('img')].map((img) => img.getAttribute('src'))).toEqual(['/real.jpg']);
      expect(page.document.body.textContent).not.toContain('enable JavaScript');
    } finally {
      page.close();
    }
  });
});
