/* Which address a copied citation and a printed page carry (CONTRACT.md,
 * "Addresses"): nothing the site was not told, nothing invented.
 *
 * - With site_url set, every page has its canonical address
 *   (<link rel="canonical">): that, from the hosted site, the bundle and
 *   the ZIM alike.
 * - Without it, over http: the page's own address (origin and path, never
 *   the query a search left, ?h=…).
 * - Without it, from the offline bundle (file://) and the ZIM (site-copy.js),
 *   where there is no public address: the document's official text at
 *   undocs.org (the header's data-official); no link at all for a page
 *   without one.
 *
 * The paragraph tools (permalinks.js) ask link(); a printed page shows
 * printAddress() under its title. */
(function () {
  "use strict";

  function withoutQueryAndFragment(href) {
    return href.split("#")[0].split("?")[0];
  }

  function canonical() {
    var link = document.querySelector('link[rel="canonical"]');
    return link ? withoutQueryAndFragment(link.href) : "";
  }

  function servedOverHttp() {
    return /^https?:$/.test(location.protocol) && window.UNTOC_COPY !== "zim";
  }

  /* The page's address, or "" where it has none to give. */
  function pageAddress() {
    var own = canonical();
    if (own) return own;
    return servedOverHttp() ? location.origin + location.pathname : "";
  }

  /* The official text of the document shown (its first symbol's), or "". */
  function official() {
    var header = document.querySelector(".doc-header[data-official]");
    return header ? header.getAttribute("data-official") : "";
  }

  /* The link a citation carries: to element ``id`` of this page (the whole
   * page when ``id`` is empty), with a shared ``quote``; the official text
   * where the page has no address; "" when there is neither. */
  function link(id, quote) {
    var page = pageAddress();
    if (!page) return official();
    return page + (quote ? "?quote=" + encodeURIComponent(quote) : "") + (id ? "#" + id : "");
  }

  /* What a printed page says it is: its address, else the official text. */
  function printAddress() {
    var article = document.querySelector(".md-content article");
    if (!article || article.querySelector(".print-address")) return;
    var page = pageAddress(), text = page ? "本页地址：" + page : "";
    if (!page && official()) text = "正式文本：" + official();
    if (!text) return;
    var line = document.createElement("p");
    line.className = "print-address";
    line.setAttribute("data-search-exclude", "");
    line.textContent = text;
    var title = article.querySelector("h1");
    if (title) title.insertAdjacentElement("afterend", line); else article.insertBefore(line, article.firstChild);
  }

  window.untocAddresses = { page: pageAddress, official: official, link: link };

  // Material replaces the page content on instant navigation; document$
  // fires for each page. Without it (plain load), run once.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(printAddress);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", printAddress);
  } else {
    printAddress();
  }
})();
