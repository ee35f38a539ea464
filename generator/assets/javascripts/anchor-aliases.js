/* Old links to renumbered anchors (CONTRACT.md, "Permanence").
 *
 * Each document page carries its own aliases (old id -> the id that holds
 * the text once cited under it, or null when that text was withdrawn) in a
 * hidden element written by the generator (manifest.page_aliases), so this
 * works from file:// as well as over http: nothing is fetched.
 *
 * - An old fragment that no longer exists takes the reader to the element
 *   that holds its text now.
 * - A fragment whose id now holds other text stays where it lands and shows
 *   one line saying that the numbering was corrected, with a link to where
 *   the text stands now (or saying that it was withdrawn).
 * - The site's own pages link only current ids: a reader who arrives from a
 *   page of the same site (document.referrer under the site root, which is
 *   two folders above this script, as for the other assets; from file://,
 *   where there is no referrer, the link followed as recorded on click), or
 *   who follows a link inside the page (the note's own link), sees no note. */
(function () {
  "use strict";

  // This file is assets/javascripts/anchor-aliases.js: the site root is two up.
  var script = document.currentScript;
  var root = script && script.src ? new URL("../../", script.src).href : null;
  // From file:// the browser gives no referrer: a link of the site that is
  // followed says so itself, in the tab's session storage, for the page it opens.
  var KEY = "untoc-followed-link";
  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest && event.target.closest("a[href]");
    if (!link || !root) return;
    // From the attribute: an SVG link's .href is not a string (the timeline's chart).
    var href = new URL(link.getAttribute("href"), document.baseURI).href;
    if (href.indexOf(root) !== 0) return;
    try {
      window.sessionStorage.setItem(KEY, href);
    } catch (e) { /* storage disabled: the referrer alone decides */ }
  }, true);
  function followedHere() {
    try {
      var followed = window.sessionStorage.getItem(KEY);
      window.sessionStorage.removeItem(KEY);
      return followed === location.href;
    } catch (e) {
      return false;
    }
  }
  var followed = followedHere(); // read once, on arrival
  function fromThisSite() {
    var from = document.referrer;
    return !!(root && ((from && from.indexOf(root) === 0) || followed));
  }

  var holder = document.querySelector(".anchor-aliases");
  if (!holder) return;
  var aliases;
  try {
    aliases = JSON.parse(holder.getAttribute("data-aliases"));
  } catch (e) {
    return;
  }
  // The id the script itself sent the reader to: landing there is not an
  // old link (its own alias, if any, is about other citations).
  var redirected = null;

  function fragment() {
    var raw = location.hash.slice(1);
    try {
      return decodeURIComponent(raw);
    } catch (e) {
      return raw;
    }
  }

  function noticeLine(id, alias) {
    var line = document.createElement("p");
    line.className = "anchor-renumbered";
    line.setAttribute("role", "note");
    line.setAttribute("data-for", id);
    line.appendChild(document.createTextNode("编号已更正（" + alias.since + "）：此前以 #" + id + " 引用的文字"));
    if (alias.now) {
      var link = document.createElement("a");
      link.href = elsewhere(alias.now) ? alias.now : "#" + alias.now;
      link.textContent = "现位于 " + (elsewhere(alias.now) ? alias.now : "#" + alias.now);
      line.appendChild(link);
      line.appendChild(document.createTextNode("。"));
    } else {
      line.appendChild(document.createTextNode("已撤回。"));
    }
    return line;
  }

  // A timeline entry that moved to another year's page: its alias is a
  // link to that page ("2023.html#ev-…"), not an id of this one.
  function elsewhere(now) {
    return now.indexOf("#") !== -1;
  }

  function show(id, alias, before) {
    var line = null;
    var shown = document.querySelectorAll(".anchor-renumbered");
    for (var i = 0; i < shown.length; i++) {
      if (shown[i].getAttribute("data-for") === id) line = shown[i];
    }
    if (!line) {
      line = noticeLine(id, alias);
      before.parentNode.insertBefore(line, before);
    }
    line.scrollIntoView();
  }

  function land(event) {
    var id = fragment();
    if (id === redirected) {
      redirected = null;
      return;
    }
    if (!Object.prototype.hasOwnProperty.call(aliases, id)) return;
    var alias = aliases[id];
    var target = document.getElementById(id);
    if (!target) {
      if (alias.now && elsewhere(alias.now)) {
        location.replace(new URL(alias.now, location.href).href);
        return;
      }
      if (alias.now && document.getElementById(alias.now)) {
        redirected = alias.now;
        location.replace("#" + encodeURIComponent(alias.now));
        return;
      }
      // Withdrawn, and its id gone: the line opens the document.
      var article = document.querySelector("article") || document.body;
      show(id, alias, article.firstElementChild || article.appendChild(document.createElement("span")));
      return;
    }
    // The text once cited here still begins here (the element was split
    // or joined with the next one): the reader is where the citation meant.
    if (alias.now === id) return;
    // A link of this site (another page of it, or one inside this page,
    // the note's own included) names the id as it stands now.
    if (event ? event.type === "hashchange" : fromThisSite()) return;
    // The line goes before the block that holds the element (a table for a
    // row, a paragraph for a footnote reference).
    show(id, alias, target.closest("p, h1, h2, h3, h4, h5, h6, li, table, blockquote") || target);
  }

  land();
  window.addEventListener("hashchange", land);
})();
