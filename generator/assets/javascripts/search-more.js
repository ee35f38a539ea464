/* The text of search results the worker left as placeholders.
 *
 * The worker (workers/untoc-search.js) loads the text of what Material
 * shows at the top: the first pages' own entries and their best blocks.
 * Every other result gets a placeholder naming the text file and row that
 * hold it, filled when it comes into view: the pages further down the
 * list (Material renders ten, then more as the list is scrolled) and the
 * sections of a page's "N more" list once the reader opens it. So a query
 * loads the text of what the reader sees, not of every result. Filling
 * sets the heading, the text with the query marked (as the link's ?h=
 * names it, by the engine's own matching) and the link's #id (and the
 * page's first link, when search-landing.js pointed it at this result).
 * Files are loaded by the same engine as the worker's, fetched over http
 * and as scripts from file://.
 */
(function () {
  "use strict";

  var search = window.UntocSearch;
  if (!search) return;
  // This file is assets/javascripts/search-more.js: the site root is two up.
  var load = search.loaderFor(new URL("../../search/", document.currentScript.src).href);
  var files = new Map();
  var RETRY_MS = 1000;

  function file(name) {
    if (!files.has(name)) {
      var pending = load(name);
      files.set(name, pending);
      pending.catch(function () { files.delete(name); });
    }
    return files.get(name);
  }

  function fill(holder) {
    var name = holder.getAttribute("data-file"), row = +holder.getAttribute("data-row");
    holder.removeAttribute("data-file"); // once
    // The marks are the engine's matching, which folds by the index's table.
    return Promise.all([file(name), search.loadFold(load)]).then(function (loaded) {
      var data = loaded[0];
      // A row of x/: [fragment id, title number, text]; of p/ (a page's
      // own entry): [title, text].
      var row_ = data.rows[row], page = /^p\//.test(name);
      var entry = page ? ["", null, row_[1]] : row_, title = page ? row_[0] : data.titles[row_[1]];
      var link = holder.closest("a");
      var words = link ? (new URL(link.href).searchParams.get("h") || "").split(/\s+/).filter(Boolean) : [];
      if (holder.tagName === "SPAN") {
        holder.outerHTML = title;
        return;
      }
      holder.innerHTML = search.highlight(entry[2], words);
      holder.classList.remove("untoc-more");
      if (link && entry[0]) {
        var url = new URL(link.href);
        url.hash = entry[0];
        link.href = url.href;
        var item = link.closest(".md-search-result__item");
        var links = item ? item.querySelectorAll("a.md-search-result__link") : [];
        var best = links.length ? links[0].getAttribute("data-untoc-best") : null;
        if (best !== null && links[+best] === link) links[0].href = url.href;
      }
    }, function () {
      // Not loaded (a file:// script or a fetch that failed): try again
      // a moment later, if it is still in view then.
      holder.setAttribute("data-file", name);
      if (seen) setTimeout(function () { seen.observe(holder); }, RETRY_MS);
    });
  }

  // Placeholders are filled as they come into view (or half a screen before).
  var seen = window.IntersectionObserver ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      seen.unobserve(entry.target);
      if (entry.target.hasAttribute("data-file")) fill(entry.target);
    });
  }, { root: document.querySelector(".md-search__scrollwrap"), rootMargin: "0px 0px 50% 0px" }) : null;

  function fillShown(root) {
    Array.prototype.forEach.call(root.querySelectorAll(".untoc-more[data-file]"), function (holder) {
      var closed = holder.closest("details:not([open])");
      if (closed) return;
      if (seen) seen.observe(holder); else fill(holder);
    });
  }

  // "toggle" does not bubble: listen while it goes down (capture).
  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (details.open && details.matches && details.matches(".md-search-result__more")) fillShown(details);
  }, true);

  function watch() {
    var list = document.querySelector(".md-search-result__list");
    if (!list || !window.MutationObserver) return;
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        Array.prototype.forEach.call(record.addedNodes, function (node) {
          if (node.nodeType === 1) fillShown(node);
        });
      });
    }).observe(list, { childList: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
