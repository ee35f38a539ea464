/* No search is a dead end: when Material says a query has no results, the
 * nearest phrases the collection holds are offered under its message (at
 * most three: one token changed, put in, swapped or left out, the nearest
 * and most often found first; for a query whose terms are each found but
 * never together, each term alone), each a link that runs it.
 *
 * The phrases come from the search engine itself (UntocSearch's
 * Engine.suggest), over the same files as the worker's: this page's own
 * engine loads the manifest (search_index.json over http, search_index.js
 * from file://) and the units it needs. A suggestion is a real link
 * (?q=…, which Material reads on load to open the search with it), and a
 * click runs it in place. Text is set as text, never as markup.
 */
(function () {
  "use strict";

  var search = window.UntocSearch;
  if (!search || !window.MutationObserver) return;
  // This file is assets/javascripts/search-suggest.js: the search folder is two up.
  var base = new URL("../../search/", document.currentScript.src).href;
  var LABEL = "相近的词句：";
  var engine = null;

  function getEngine() {
    if (!engine) {
      engine = search.loadManifest(base).then(function (manifest) {
        return new search.Engine(manifest, search.loaderFor(base));
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  function noResults() {
    var config = document.getElementById("__config");
    try {
      return JSON.parse(config.textContent).translations["search.result.none"];
    } catch (e) {
      return null;
    }
  }

  function run(input, query) {
    input.value = query;
    input.focus();
    input.dispatchEvent(new Event("input", { bubbles: true }));
    // Material sends the query on keyup.
    input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }

  function render(meta, input, query, phrases) {
    var old = meta.parentNode.querySelector(".untoc-suggest");
    if (old) old.remove();
    if (!phrases.length || input.value !== query) return;
    var box = document.createElement("div");
    box.className = "untoc-suggest md-search-result__meta";
    box.appendChild(document.createTextNode(LABEL));
    phrases.forEach(function (phrase, i) {
      if (i) box.appendChild(document.createTextNode("、"));
      var link = document.createElement("a");
      var url = new URL(location.href);
      url.hash = "";
      url.searchParams.delete("h");
      url.searchParams.set("q", phrase);
      link.href = url.href;
      link.textContent = phrase;
      link.addEventListener("click", function (event) {
        // Run here, the search left open (Material closes it on a click
        // on a link among its results).
        event.preventDefault();
        event.stopPropagation();
        run(input, phrase);
      });
      box.appendChild(link);
    });
    meta.parentNode.insertBefore(box, meta.nextSibling);
  }

  function watch() {
    var meta = document.querySelector(".md-search-result__meta");
    var input = document.querySelector("input[data-md-component=search-query]");
    var none = noResults();
    if (!meta || !input || !none) return;
    var asked = null;
    new MutationObserver(function () {
      var query = input.value;
      if (meta.textContent.trim() !== none || !query.trim()) {
        asked = null;
        var old = meta.parentNode.querySelector(".untoc-suggest");
        if (old) old.remove();
        return;
      }
      if (asked === query) return;
      asked = query;
      getEngine().then(function (e) { return e.suggest(query); }).then(function (phrases) {
        if (asked === query) render(meta, input, query, phrases);
      }, function (err) { console.warn("Search suggestions failed", err); });
    }).observe(meta, { childList: true, characterData: true, subtree: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
