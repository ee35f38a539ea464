/* The text of the sections in a search result's closed "more" list.
 *
 * Over http our search worker (workers/untoc-search.js) fetches the text of
 * the results Material shows open, and gives the sections of a page's
 * closed "N more" list a placeholder naming the metadata file and row that
 * hold their text: a query does not download text nobody sees. When the
 * reader opens the list, this fills in each section's heading, text (with
 * the matched terms marked, as the link's ?h= names them) and the link's
 * #id. From file:// Material's own worker sends the text, and there are no
 * placeholders.
 */
(function () {
  "use strict";

  // This file is assets/javascripts/search-more.js: the site root is two up.
  var root = new URL("../../", document.currentScript.src);
  var files = new Map();

  function load(path) {
    if (!files.has(path)) {
      files.set(path, fetch(new URL("search/" + path, root).href).then(function (r) {
        if (!r.ok) throw new Error(path + ": HTTP " + r.status);
        return r.json();
      }));
    }
    return files.get(path);
  }

  function escapeHTML(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function marked(text, words) {
    words = words.filter(Boolean).sort(function (a, b) { return b.length - a.length; });
    if (!words.length) return escapeHTML(text);
    var pattern = new RegExp("(" + words.map(function (w) {
      return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("|") + ")", "gi");
    return text.split(pattern).map(function (piece, i) {
      return i & 1 ? "<mark>" + escapeHTML(piece) + "</mark>" : escapeHTML(piece);
    }).join("");
  }

  function fill(holder) {
    var path = holder.getAttribute("data-meta");
    var row = +holder.getAttribute("data-row");
    holder.removeAttribute("data-meta"); // once
    return load(path).then(function (meta) {
      var entry = meta.entries[row];
      var link = holder.closest("a");
      var heading = holder.closest("article").querySelector("h2");
      if (heading) heading.innerHTML = meta.titles[entry[1]];
      var words = link ? (new URL(link.href).searchParams.get("h") || "").split(/\s+/) : [];
      holder.innerHTML = marked(entry[2], words);
      holder.classList.remove("untoc-more");
      if (link && entry[0]) {
        var url = new URL(link.href);
        url.hash = entry[0];
        link.href = url.href;
      }
    }, function () {
      holder.setAttribute("data-meta", path); // try again on the next opening
    });
  }

  // "toggle" does not bubble: listen while it goes down (capture).
  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (!details.open || !details.matches || !details.matches(".md-search-result__more")) return;
    Array.prototype.forEach.call(details.querySelectorAll(".untoc-more[data-meta]"), fill);
  }, true);
})();
