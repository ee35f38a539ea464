/* The paragraph tools of a document page: a permalink and "copy citation"
 * on every anchored element, "share the selected passage", a preview of
 * each footnote at its reference, and the landing of a shared passage.
 *
 * Citations come from the page (the #citations table the generator writes
 * from the document's structure, rendering/citations.py), links from the
 * page's canonical address (site_url): never from the address bar, so a
 * citation copied after a search (?h=) or from the offline bundle
 * (file://) carries the hosted address. The controls are added in the
 * browser and marked user-select: none, so they are never part of the page
 * text that search indexes or that a reader copies by hand. */
(function () {
  "use strict";

  var TARGETS = "p[id], tr[id], blockquote[id], li[id], h2[id], h3[id], h4[id], h5[id], h6[id]";

  /* id -> [citation, place]. An entry written as its place alone is cited
   * as what the key "" holds (the document's name) and that place; one
   * written as a list of its place alone, as the place and what the key
   * "…" holds (the document holding a resolution). */
  function citationTable() {
    var el = document.getElementById("citations"), table;
    if (!el) return {};
    try { table = JSON.parse(el.textContent); } catch (e) { return {}; }
    var before = table[""] || "", after = table["\u2026"] || "";
    delete table[""];
    delete table["\u2026"];
    Object.keys(table).forEach(function (id) {
      var entry = table[id];
      if (typeof entry === "string") table[id] = [before + entry, entry];
      else if (entry.length === 1) table[id] = [entry[0] + after, entry[0]];
    });
    return table;
  }

  /* The page's address without query or fragment: its canonical address
   * when the site has one, else where it was loaded from. */
  function pageAddress() {
    var canonical = document.querySelector('link[rel="canonical"]');
    var href = canonical ? canonical.href : location.href;
    return href.split("#")[0].split("?")[0];
  }

  function linkTo(id, quote) {
    return pageAddress() + (quote ? "?quote=" + encodeURIComponent(quote) : "") + "#" + id;
  }

  function copyText(text, done) {
    function fallback() {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      try { document.execCommand("copy"); } catch (e) { /* nothing more to try */ }
      document.body.removeChild(area);
      done();
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  }

  function confirmCopy(button, text, label) {
    button.textContent = "已复制";
    button.setAttribute("data-copied", text);
    setTimeout(function () { button.textContent = label; }, 1500);
  }

  function tool(tag, className, text, name) {
    var el = document.createElement(tag);
    el.className = className;
    el.textContent = text;
    el.setAttribute("aria-label", name);
    el.title = name;
    return el;
  }

  function addTools(root, table) {
    Array.prototype.forEach.call(root.querySelectorAll(TARGETS), function (el) {
      var entry = table[el.id];
      if (!entry || el.querySelector(":scope > .para-tools, :scope > :last-child > .para-tools")) return;
      var citation = entry[0], place = entry[1];
      var tools = document.createElement("span");
      tools.className = "para-tools";
      tools.setAttribute("data-search-exclude", "");
      var link = tool("a", "para-permalink", "¶", place + "的链接");
      link.href = "#" + el.id;
      var button = tool("button", "para-cite", "复制引文", "复制" + place + "的引文");
      button.type = "button";
      button.addEventListener("click", function (event) {
        event.preventDefault();
        var text = citation + " " + linkTo(el.id);
        copyText(text, function () { confirmCopy(button, text, "复制引文"); });
      });
      // A heading has the theme's own ¶ already.
      if (!el.querySelector(":scope > .headerlink")) tools.appendChild(link);
      tools.appendChild(button);
      var host = el.tagName === "TR" ? el.lastElementChild : el;
      host.appendChild(tools);
    });
  }

  /* -- sharing a selected passage ------------------------------------- */

  function anchoredAncestor(node) {
    var el = node && (node.nodeType === 1 ? node : node.parentElement);
    return el ? el.closest(TARGETS) : null;
  }

  function selectedPassage(table) {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) return null;
    var range = sel.getRangeAt(0);
    var start = anchoredAncestor(range.startContainer);
    if (!start || start !== anchoredAncestor(range.endContainer) || !table[start.id]) return null;
    var quote = sel.toString().replace(/\s+/g, " ").trim();
    return quote ? { el: start, quote: quote, range: range } : null;
  }

  function sharePopup(table) {
    var popup = document.createElement("button");
    popup.type = "button";
    popup.className = "share-passage";
    popup.hidden = true;
    popup.textContent = "分享所选文字";
    document.body.appendChild(popup);
    var current = null;
    popup.addEventListener("mousedown", function (event) { event.preventDefault(); });  // keep the selection
    popup.addEventListener("click", function () {
      if (!current) return;
      var entry = table[current.el.id];
      var text = "“" + current.quote + "”\n" + entry[0] + "\n" + linkTo(current.el.id, current.quote);
      copyText(text, function () { confirmCopy(popup, text, "分享所选文字"); });
    });
    function update() {
      var passage = selectedPassage(table);
      if (!passage) { popup.hidden = true; current = null; return; }
      current = passage;
      var rect = passage.range.getBoundingClientRect();
      popup.hidden = false;
      popup.setAttribute("aria-label", "分享" + table[passage.el.id][1] + "中所选的文字");
      popup.textContent = "分享所选文字";
      popup.style.top = (window.scrollY + rect.bottom + 6) + "px";
      popup.style.left = Math.max(4, Math.min(window.scrollX + rect.left,
        window.scrollX + document.documentElement.clientWidth - popup.offsetWidth - 4)) + "px";
    }
    document.addEventListener("selectionchange", function () { window.requestAnimationFrame(update); });
  }

  /* -- landing on a shared passage: ?quote=…#id (?q= is the theme's search) -- */

  function markQuote() {
    var quote = new URLSearchParams(location.search).get("quote");
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (!quote || !el || el.querySelector(".quote-landing")) return;
    var wanted = quote.replace(/\s+/g, "");
    // The element's text with white space dropped, and where each character came from.
    var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) { return n.parentElement.closest(".para-tools") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT; }
    });
    var chars = [], text = "", node;
    while ((node = walker.nextNode())) {
      for (var i = 0; i < node.data.length; i++) {
        if (!/\s/.test(node.data[i])) { chars.push([node, i]); text += node.data[i]; }
      }
    }
    var at = text.indexOf(wanted);
    if (at < 0 || !wanted) return;
    var first = chars[at], last = chars[at + wanted.length - 1];
    var nodes = [], inside = false;
    walker.currentNode = el;
    while ((node = walker.nextNode())) {
      if (node === first[0]) inside = true;
      if (inside) nodes.push(node);
      if (node === last[0]) break;
    }
    nodes.forEach(function (n) {
      var from = n === first[0] ? first[1] : 0;
      var to = n === last[0] ? last[1] + 1 : n.data.length;
      var range = document.createRange();
      range.setStart(n, from);
      range.setEnd(n, to);
      var mark = document.createElement("mark");
      mark.className = "quote-landing";
      range.surroundContents(mark);
    });
  }

  /* -- footnote previews ------------------------------------------------ */

  function footnotePreviews(root) {
    var tip = document.createElement("div");
    tip.className = "footnote-preview";
    tip.id = "footnote-preview";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    document.body.appendChild(tip);
    function show(link) {
      var note = document.getElementById(link.getAttribute("href").slice(1));
      if (!note) return;
      var copy = note.cloneNode(true);
      Array.prototype.forEach.call(copy.querySelectorAll(".footnote-backref, .para-tools"), function (n) { n.remove(); });
      tip.textContent = copy.textContent.trim();
      tip.hidden = false;
      link.setAttribute("aria-describedby", tip.id);
      var rect = link.getBoundingClientRect();
      var width = Math.min(360, document.documentElement.clientWidth - 16);
      tip.style.width = width + "px";
      tip.style.left = Math.max(8, Math.min(window.scrollX + rect.left - 20,
        window.scrollX + document.documentElement.clientWidth - width - 8)) + "px";
      tip.style.top = (window.scrollY + rect.bottom + 6) + "px";
    }
    function hide(link) {
      tip.hidden = true;
      if (link) link.removeAttribute("aria-describedby");
    }
    Array.prototype.forEach.call(root.querySelectorAll("sup.fnref > a"), function (link) {
      link.addEventListener("mouseenter", function () { show(link); });
      link.addEventListener("mouseleave", function () { hide(link); });
      link.addEventListener("focus", function () { show(link); });
      link.addEventListener("blur", function () { hide(link); });
      link.addEventListener("click", function (event) {
        // Without hover (a phone), the first tap shows the note in place; a
        // second tap on the same reference goes to it.
        if (window.matchMedia("(hover: none)").matches && tip.hidden) {
          event.preventDefault();
          show(link);
        }
      });
    });
    document.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(null); });
  }

  function start() {
    var article = document.querySelector(".md-content article") || document.body;
    if (!article.querySelector(".doc-header")) return;
    var table = citationTable();
    addTools(article, table);
    if (!document.querySelector(".share-passage")) sharePopup(table);
    if (!document.querySelector(".footnote-preview")) footnotePreviews(article);
    markQuote();
  }

  // Material replaces the page content on instant navigation; document$
  // fires for each page. Without it (plain load), run once.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
