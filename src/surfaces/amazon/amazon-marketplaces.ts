/**
 * Amazon's marketplaces: the `domain` values this server accepts (the host suffix after www.amazon.) with the
 * currency their prices are in, and the marketplace a `country` picks when the request names no domain.
 */
export const AMAZON_MARKETPLACES: Record<string, { currency: string }> = {
  com: { currency: 'USD' },
  ca: { currency: 'CAD' },
  'com.mx': { currency: 'MXN' },
  'com.br': { currency: 'BRL' },
  'co.uk': { currency: 'GBP' },
  de: { currency: 'EUR' },
  fr: { currency: 'EUR' },
  it: { currency: 'EUR' },
  es: { currency: 'EUR' },
  nl: { currency: 'EUR' },
  'com.be': { currency: 'EUR' },
  ie: { currency: 'EUR' },
  se: { currency: 'SEK' },
  pl: { currency: 'PLN' },
  'com.tr': { currency: 'TRY' },
  ae: { currency: 'AED' },
  sa: { currency: 'SAR' },
  eg: { currency: 'EGP' },
  in: { currency: 'INR' },
  'co.jp': { currency: 'JPY' },
  sg: { currency: 'SGD' },
  'com.au': { currency: 'AUD' },
};

export const AMAZON_DOMAINS = Object.keys(AMAZON_MARKETPLACES);

/** The marketplace of a country whose code is not its domain suffix (gb → co.uk); the others are their own code. */
const COUNTRY_DOMAIN: Record<string, string> = {
  us: 'com',
  gb: 'co.uk',
  uk: 'co.uk',
  mx: 'com.mx',
  br: 'com.br',
  be: 'com.be',
  tr: 'com.tr',
  jp: 'co.jp',
  au: 'com.au',
};

/** `domain` when given; else the country's marketplace; else amazon.com. */
export function amazonDomain(domain: string | undefined, country: string | undefined): string {
  if (domain) return domain;
  const byCountry = country && (COUNTRY_DOMAIN[country] ?? country);
  return byCountry && AMAZON_MARKETPLACES[byCountry] ? byCountry : 'com';
}
