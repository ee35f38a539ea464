/* The text of search results the worker left as placeholders.
 *
 * The worker (workers/untoc-search.js) loads the text of what Material
 * shows first: the first ten pages' own entries and their best blocks.
 * Every other result gets a placeholder naming the text file and row that
 * hold it: the sections in a page's closed "N more" list, filled when the
 * reader opens it, and the pages listed after the first ten, filled when
 * Material renders them (as the reader scrolls). Filling sets the heading,
 * the text with the query marked (as the link's ?h= names it) and the
 * link's #id. Files are loaded by the same engine as the worker's, fetched
 * over http and as scripts from file://.
 */
(function () {
  "use strict";

  var search = window.UntocSearch;
  if (!search) return;
  // This file is assets/javascripts/search-more.js: the site root is two up.
  var load = search.loaderFor(new URL("../../search/", document.currentScript.src).href);
  var files = new Map();

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
      var entry = data.rows[row];
      var link = holder.closest("a");
      var words = link ? (new URL(link.href).searchParams.get("h") || "").split(/\s+/).filter(Boolean) : [];
      if (holder.tagName === "SPAN") {
        holder.outerHTML = data.titles[entry[1]];
        return;
      }
      holder.innerHTML = search.highlight(entry[2], words);
      holder.classList.remove("untoc-more");
      if (link && entry[0]) {
        var url = new URL(link.href);
        url.hash = entry[0];
        link.href = url.href;
      }
    }, function () {
      holder.setAttribute("data-file", name); // try again when shown again
    });
  }

  function fillShown(root) {
    Array.prototype.forEach.call(root.querySelectorAll(".untoc-more[data-file]"), function (holder) {
      var closed = holder.closest("details:not([open])");
      if (!closed) fill(holder);
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
