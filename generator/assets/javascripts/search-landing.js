/* Search results land on the paragraph that holds the query.
 *
 * The index (generator/search/index.py) has one entry per paragraph, list item,
 * table row, heading and footnote, at page.html#id, so a section result
 * opens the page at the element itself. Material shows each page's
 * results under the page's own entry (the "article", always the first
 * link of a result item), which has no #id: when one of the page's
 * elements scored at least as well as the page entry, the article link is
 * pointed at the best of them, so the first result lands on a paragraph by
 * construction.
 *
 * On arrival (a result link always carries ?h=, the matched terms), the
 * element that holds the query is checked, or found at or after the
 * target: the first paragraph-level element (anything with an id) that
 * holds the query; it becomes the URL's fragment (so :target and the
 * address bar point at it, ready to cite), is scrolled below the sticky
 * header and marked with .search-landing.
 *
 * Which element holds the query, and where it stands in it, is the search
 * engine's own matching (UntocSearch.holds and findRanges over the same
 * folding table as the index: white space, width, case, accents and
 * traditional characters folded), so the element landed on is the one the
 * result named. The ?h= terms are what the worker matched, in no useful
 * order; the query the reader typed is remembered (sessionStorage, which
 * also works from file://) and preferred when it holds them. Works the
 * same from file:// and over http; only the search folder's folding table
 * is loaded. */
(function () {
  "use strict";

  var KEY = "untoc-search-query";
  var BLOCKS = "p[id], li[id], tr[id], blockquote[id], dd[id], dt[id], td[id], " +
    "h1[id], h2[id], h3[id], h4[id], h5[id], h6[id]";
  // Controls added by permalinks.js and MkDocs are not document text.
  var NOT_TEXT = ".para-tools, .headerlink";
  var search = window.UntocSearch;

  function textOf(el) {
    var out = [];
    var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, null);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var parent = node.parentElement;
      if (parent && parent.closest(NOT_TEXT)) continue;
      out.push(node.nodeValue);
    }
    return out.join("");
  }

  function store(value) {
    try {
      if (value && value.trim()) window.sessionStorage.setItem(KEY, value);
    } catch (e) { /* storage disabled: fall back to ?h= terms */ }
  }

  function stored() {
    try {
      return window.sessionStorage.getItem(KEY) || "";
    } catch (e) {
      return "";
    }
  }

  function searchInput() {
    return document.querySelector("input[data-md-component=search-query]");
  }

  /* Remember what the reader types, and what is in the box when a result
   * is opened (Material fills it from ?q= without input events). */
  function watchQuery() {
    var input = searchInput();
    if (input) {
      input.addEventListener("input", function () { store(input.value); });
      input.addEventListener("keyup", function () { store(input.value); });
    }
    document.addEventListener("click", function (event) {
      var link = event.target && event.target.closest && event.target.closest(".md-search-result__link");
      var box = searchInput();
      if (link && box) store(box.value);
    }, true);
  }

  function score(link) {
    var article = link.querySelector("[data-md-score]");
    return article ? parseFloat(article.getAttribute("data-md-score")) || 0 : 0;
  }

  /* Point the article link of each result item at its best section. */
  function retarget(item) {
    var links = item.querySelectorAll("a.md-search-result__link");
    if (links.length < 2 || links[0].href.indexOf("#") !== -1) return;
    var best = 0;
    for (var i = 1; i < links.length; i++) {
      if (!best || score(links[i]) > score(links[best])) best = i;
    }
    if (best && score(links[best]) >= score(links[0])) {
      links[0].href = links[best].href;
      // The one it points at, for search-more.js, which sets a result's #id
      // when it fills it in.
      links[0].setAttribute("data-untoc-best", String(best));
    }
  }

  /* Material renders result items as the worker answers (and more on
   * scroll): retarget each one as it is added. */
  function watchResults() {
    var list = document.querySelector(".md-search-result__list");
    if (!list || !window.MutationObserver) return;
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        Array.prototype.forEach.call(record.addedNodes, function (node) {
          if (node.nodeType === 1 && node.matches(".md-search-result__item")) retarget(node);
        });
      });
    }).observe(list, { childList: true });
  }

  /* The queries to try in turn: what the reader typed, when it holds the
   * matched terms, then the matched terms themselves. */
  function queries(highlight) {
    var words = highlight.split(/\s+/).filter(Boolean), out = [];
    var typed = stored();
    if (typed && words.length && words.every(function (w) { return search.holds(typed, w); })) out.push(typed);
    if (words.length) out.push(words.join(" "));
    return out;
  }

  /* The innermost block inside el (el included) that holds the query:
   * a list item rather than the list item that contains its sub-list. */
  function innermost(el, query) {
    var inner = el.querySelectorAll(BLOCKS);
    for (var i = 0; i < inner.length; i++) {
      if (search.holds(textOf(inner[i]), query)) return innermost(inner[i], query);
    }
    return el;
  }

  function findLanding(article, highlight) {
    var blocks = Array.prototype.slice.call(article.querySelectorAll(BLOCKS));
    var start = 0;
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    if (target && article.contains(target)) {
      // The section the result named comes first; then the whole page.
      start = blocks.findIndex(function (b) {
        return b === target || (target.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
      });
      if (start < 0) start = 0;
    }
    var order = blocks.slice(start).concat(blocks.slice(0, start));
    var tried = queries(highlight);
    for (var s = 0; s < tried.length; s++) {
      for (var i = 0; i < order.length; i++) {
        if (search.holds(textOf(order[i]), tried[s])) return { el: innermost(order[i], tried[s]), query: tried[s] };
      }
    }
    return null;
  }

  /* Mark where the query stands in el, across the element's text nodes
   * (a phrase may span a line break, a link or a footnote marker), with
   * the engine's own matching: the whole query where its terms stand side
   * by side, else each term. */
  function markPhrase(el, query) {
    var nodes = [], text = "";
    var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, null);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var parent = node.parentElement;
      if (parent && parent.closest(NOT_TEXT)) continue;
      nodes.push({ node: node, start: text.length });
      text += node.nodeValue;
    }
    var terms = search.queryTerms(query).map(function (t) { return t.text; });
    var ranges = search.findRanges(text, [terms.join(" ")]);
    if (!ranges.length) ranges = search.findRanges(text, terms);
    // Last to first, so that splitting a node leaves earlier offsets valid.
    for (var n = nodes.length - 1; n >= 0; n--) {
      var start = nodes[n].start, end = start + nodes[n].node.nodeValue.length;
      for (var r = ranges.length - 1; r >= 0; r--) {
        var from = Math.max(ranges[r][0], start), to = Math.min(ranges[r][1], end);
        if (from >= to) continue;
        var range = document.createRange();
        range.setStart(nodes[n].node, from - start);
        range.setEnd(nodes[n].node, to - start);
        var mark = document.createElement("mark");
        mark.className = "untoc-phrase";
        range.surroundContents(mark);
      }
    }
  }

  function land() {
    // A result link always carries ?h=, empty when it opens a whole page
    // (Material gives the page entry no terms); without it, not from search.
    var highlight = new URLSearchParams(location.search).get("h");
    if (highlight === null) return;
    var article = document.querySelector(".md-content article");
    if (!article) return;
    var found = findLanding(article, highlight);
    if (!found) return;
    var el = found.el;
    var previous = article.querySelector(".search-landing");
    if (previous) previous.classList.remove("search-landing");
    el.classList.add("search-landing");
    if (!el.querySelector(".untoc-phrase")) markPhrase(el, found.query);
    if (location.hash !== "#" + el.id) {
      // A same-page navigation: updates :target and scrolls, honouring the
      // scroll-margin that keeps the element below the sticky header, and
      // replaces the history entry rather than adding one.
      location.replace("#" + el.id);
    }
    el.scrollIntoView({ block: "start" });
  }

  if (!search) return;
  watchQuery();
  watchResults();
  // This file is assets/javascripts/search-landing.js: the search folder is two up.
  var folder = new URL("../../search/", document.currentScript.src).href;

  function landWhenFolded() {
    // Only a page opened from a result (?h=) loads the folding table.
    if (new URLSearchParams(location.search).get("h") === null) return;
    // When it is done (landed or not), the page says so: scripts and tests
    // that act on the page wait for it before they do.
    var done = function () { document.documentElement.setAttribute("data-search-landed", ""); };
    search.loadFold(search.loaderFor(folder)).then(land, function (err) {
      console.warn("Search landing: the folding table did not load", err);
    }).then(done, done);
  }
  // After load: the browser's own scroll to the result's #section comes
  // first, and ours must not be undone by it.
  if (document.readyState === "complete") {
    landWhenFolded();
  } else {
    window.addEventListener("load", landWhenFolded);
  }
})();
