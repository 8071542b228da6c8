/**
 * Names that mean the same field, normalised (lowercase, letters and digits only): a field named or described with
 * one member matches facts under any of them (price ~ offers.price ~ product:price:amount, author ~ creator,
 * date ~ datePublished). Schema.org property names, OpenGraph/Twitter/article meta names and common visible labels.
 */
export const SYNONYM_GROUPS: string[][] = [
  [
    'price',
    'offersprice',
    'lowprice',
    'offerslowprice',
    'productpriceamount',
    'ogpriceamount',
    'cost',
    'saleprice',
    'ourprice',
    'tickets',
    'ticketprice',
    'admission',
    'entry',
    'fee',
  ],
  ['currency', 'pricecurrency', 'offerspricecurrency', 'productpricecurrency', 'ogpricecurrency'],
  ['title', 'name', 'headline', 'ogtitle', 'twittertitle', 'h1', 'productname', 'eventname', 'recipename'],
  ['description', 'summary', 'ogdescription', 'twitterdescription', 'abstract'],
  ['author', 'creator', 'byline', 'writer', 'articleauthor', 'writtenby', 'authorname', 'by'],
  [
    'date',
    'published',
    'publishdate',
    'datepublished',
    'publishedat',
    'publishedon',
    'articlepublishedtime',
    'pubdate',
    'uploaddate',
    'datecreated',
    'postedon',
  ],
  ['modified', 'updated', 'datemodified', 'articlemodifiedtime', 'lastupdated', 'updatedat'],
  ['start', 'startdate', 'starts', 'begins', 'when', 'eventdate', 'doorsopen', 'date'],
  ['end', 'enddate', 'ends', 'finishes'],
  ['availability', 'offersavailability', 'instock', 'stock', 'stockstatus', 'productavailability', 'ogavailability'],
  ['image', 'ogimage', 'twitterimage', 'thumbnail', 'thumbnailurl', 'photo', 'picture'],
  ['brand', 'manufacturer', 'make', 'maker'],
  ['sku', 'productid', 'itemnumber', 'productcode', 'partnumber', 'model'],
  ['gtin', 'gtin13', 'gtin12', 'gtin14', 'gtin8', 'ean', 'upc', 'isbn'],
  ['mpn', 'manufacturerpartnumber'],
  ['rating', 'ratingvalue', 'aggregaterating', 'stars', 'averagerating', 'score'],
  ['reviewcount', 'reviews', 'ratingcount', 'numberofreviews', 'reviewscount'],
  ['ingredients', 'recipeingredient', 'ingredient', 'ingredientslist'],
  ['instructions', 'recipeinstructions', 'steps', 'method', 'directions', 'preparation'],
  ['preptime', 'preparationtime', 'prep'],
  ['cooktime', 'cookingtime', 'cook', 'bakingtime'],
  ['totaltime', 'readyin', 'total', 'time'],
  ['yield', 'recipeyield', 'servings', 'serves', 'makes', 'portions'],
  ['calories', 'nutritioncalories', 'energy', 'kcal'],
  ['cuisine', 'recipecuisine'],
  ['category', 'recipecategory', 'articlesection', 'section', 'genre', 'categories'],
  ['location', 'venue', 'place', 'where', 'locationname', 'eventvenue'],
  ['address', 'locationaddress', 'streetaddress', 'addresslocality', 'city'],
  ['organizer', 'organiser', 'host', 'organizername', 'hostedby', 'presentedby'],
  ['performer', 'performers', 'speaker', 'speakers', 'lineup', 'artist'],
  ['url', 'link', 'ogurl', 'canonical', 'permalink'],
  ['keywords', 'tags', 'newskeywords', 'articletag'],
  ['language', 'inlanguage', 'lang'],
  ['publisher', 'sitename', 'ogsitename', 'site', 'publication'],
  ['wordcount', 'words', 'length'],
  ['color', 'colour'],
  ['weight', 'netweight'],
  ['dimensions', 'size'],
  ['condition', 'itemcondition', 'offersitemcondition'],
  ['status', 'eventstatus'],
  ['attendance', 'eventattendancemode', 'format'],
];

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** "product_price", "datePublished", "Prep time" → ["product", "price"], ["date", "published"], ["prep", "time"]. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}
