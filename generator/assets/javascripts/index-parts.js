/* Old links into the corpus-wide indexes (CONTRACT.md, "Permanence").
 *
 * The resolution and symbol indexes were once one page each; they are now
 * small pages leading to their parts (resolutions/cop-11.html,
 * symbols/ctoc-cop-2024.html). A reader may hold a link such as
 * symbols.html#ctoc-cop-2024-1: the index page carries, for every id it
 * once held, where that id stands now (a hidden element written by
 * generator/rendering/indexes.py), and this script takes the reader there.
 * Nothing is fetched, so it works from file:// too. */
(function () {
  "use strict";

  var holder = document.querySelector(".index-parts");
  if (!holder) return;
  var parts;
  try {
    parts = JSON.parse(holder.getAttribute("data-parts"));
  } catch (e) {
    return;
  }
  // This file is assets/javascripts/index-parts.js: the site root is two up.
  var script = document.currentScript;
  var root = script && script.src ? new URL("../../", script.src) : new URL(".", location.href);

  function forward() {
    var id;
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch (e) {
      return;
    }
    // An id this page still holds (a body's heading) lands here as usual.
    if (!id || document.getElementById(id)) return;
    var target = Object.prototype.hasOwnProperty.call(parts, id) ? parts[id] : byPrefix(id);
    if (target) location.replace(new URL(target, root).href);
  }

  // The symbol index lists only the ids its parts' names do not place: an
  // id starting with the name of a part this page links to (the longest,
  // then "-") is in that part (rendering/indexes.py, part_by_prefix).
  function byPrefix(id) {
    if (!holder.hasAttribute("data-by-prefix")) return null;
    var best = null;
    Array.prototype.forEach.call(document.querySelectorAll("article a[href]"), function (link) {
      var m = /(?:^|\/)(symbols\/([a-z0-9-]+)\.html)$/.exec(link.getAttribute("href"));
      if (m && id.indexOf(m[2] + "-") === 0 && (!best || m[2].length > best.name.length)) {
        best = {name: m[2], path: m[1]};
      }
    });
    return best ? best.path + "#" + id : null;
  }
  forward();
  window.addEventListener("hashchange", forward);
})();
