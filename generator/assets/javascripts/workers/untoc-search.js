/* The search worker of the site, in Material's worker protocol.
 *
 * Material's bundle starts the worker named in the page's config (see
 * overrides/main.html) and sends it SETUP with the index's config (the
 * manifest written by generator/search/shards.py: search_index.json over http,
 * search_index.js from file://), then QUERY messages; it expects READY,
 * then one RESULT per query: {items: [[article, section, ...], ...]}, one
 * list per page, each item {location, title, text, score, terms}.
 *
 * Both ways of opening the site run the same engine
 * (../untoc-search-engine.js) over the same files; only how a file is
 * loaded differs. From file:// Material runs this file in an iframe (the
 * vendored iframe-worker shim), where <script> elements load the files;
 * over http it is a real worker, which fetches them.
 */
(function () {
  "use strict";

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  // Under the shim this runs as a page script: relative URLs would resolve
  // against the page that started it.
  var here = (typeof document !== "undefined" && document.currentScript && document.currentScript.src) ||
    self.location.href;
  var base = new URL("../../../search/", here).href;
  var engine = null, latest = 0;
  var loading = importScripts(new URL("../untoc-search-engine.js", here).href);
  var ready = loading && typeof loading.then === "function" ? loading : Promise.resolve();

  addEventListener("message", function (ev) {
    var message = ev.data || {};
    ready.then(function () { handle(message); });
  });

  function handle(message) {
    if (message.type === SETUP) {
      engine = new self.UntocSearch.Engine(message.data.config.engine, self.UntocSearch.loaderFor(base));
      postMessage({ type: READY });
    } else if (message.type === QUERY && engine) {
      var seq = ++latest, query = String(message.data);
      // Material shows a result with whatever the box holds when it arrives:
      // an answer to a query already typed over (the empty one sent when the
      // box gets focus, queued behind the setup) would show "no results" for
      // the new one. The answer waits one turn, so that a query already
      // waiting in line makes it stale first. The answer names its query
      // (Material passes the field on, in its component$), so that a page
      // script or a test can tell which query a list answers.
      var answer = function (data) {
        setTimeout(function () {
          if (seq !== latest) return;
          data.query = query;
          postMessage({ type: RESULT, data: data });
        }, 0);
      };
      // A query whose files did not load is asked once more (the engine
      // forgets a failed file); if they still do not load, no answer is
      // given rather than a false "no results".
      var fail = function (err) { console.warn("Search failed: " + query, err); };
      engine.materialResult(query).then(answer, function () {
        if (seq !== latest) return;
        engine.materialResult(query).then(answer, fail);
      });
    }
  }
})();
