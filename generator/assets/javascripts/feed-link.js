/* Every page names the Atom feed in its head (<link rel="alternate"
 * type="application/atom+xml">), for feed readers and browsers. Material
 * fetches "sitemap.xml" beside every <link rel="alternate"> when a page
 * loads (for its language selector): beside the feed that request misses
 * over http and fails from disk. So the feed's link leaves the head while
 * Material looks, and comes back right after: Material's document$ tells
 * its subscribers in the order they came, Material's own first, this one
 * after; nothing is fetched and the page keeps its link. */
(function () {
  "use strict";

  var FEEDS = 'head link[rel="alternate"][type="application/atom+xml"]';
  if (!window.document$ || !window.document$.subscribe) return;
  var links = Array.prototype.slice.call(document.querySelectorAll(FEEDS));
  var places = links.map(function (link) {
    var place = document.createComment("feed");
    link.parentNode.replaceChild(place, link);
    return place;
  });
  window.document$.subscribe(function () {
    places.forEach(function (place, k) {
      if (place.parentNode) place.parentNode.replaceChild(links[k], place);
    });
  });
})();
