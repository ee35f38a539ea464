/* The paragraph tools of a document page: a permalink and "copy citation"
 * on every anchored element and on the title (the document as a whole),
 * "share the selected passage", a preview of each footnote at its
 * reference, the landing of a shared passage, and moving from paragraph
 * to paragraph with the keyboard.
 *
 * Citations come from the page (the #citations table the generator writes
 * from the document's structure, rendering/citations.py), links from
 * addresses.js: the canonical address (site_url) when there is one, else
 * the page's own address over http, else the official text; never the
 * query a search left (?h=). The controls are added in the
 * browser and marked user-select: none, so they are never part of the page
 * text that search indexes or that a reader copies by hand.
 *
 * Each element's tools are one toolbar and one tab stop (its ¶ link; the
 * arrow keys move inside it), shown on hover or focus, inside the element's
 * own box (site.css): hidden, they take no click. J / K (or Alt+↓ / Alt+↑)
 * move the focus to the next / previous element; Tab then reaches its
 * links and its tools. */
(function () {
  "use strict";

  var TARGETS = "p[id], tr[id], blockquote[id], li[id], h2[id], h3[id], h4[id], h5[id], h6[id]";
  // The title's citation is the document's, and its link the page's own.
  var TITLE = "title";

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

  /* The link a citation of element ``id`` carries (addresses.js); "" when
   * the page has none to give. */
  function linkTo(id, quote) {
    return window.untocAddresses.link(id === TITLE ? "" : id, quote);
  }

  /* A citation and, when there is one, its link. */
  function withLink(citation, link, separator) {
    return link ? citation + separator + link : citation;
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

  /* One tab stop per toolbar (ARIA's toolbar pattern): the control last
   * used is in the tab order, the arrow keys, Home and End move to the others. */
  function rovingFocus(toolbar) {
    toolbar.addEventListener("keydown", function (event) {
      var controls = Array.prototype.slice.call(toolbar.querySelectorAll("a, button"));
      var at = controls.indexOf(document.activeElement);
      if (at < 0 || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      var to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: controls.length - 1 }[event.key];
      if (to === undefined) return;
      event.preventDefault();
      to = (to + controls.length) % controls.length;
      controls.forEach(function (c, k) { c.tabIndex = k === to ? 0 : -1; });
      controls[to].focus();
    });
  }

  function addTools(root, table) {
    Array.prototype.forEach.call(root.querySelectorAll(TARGETS), function (el) {
      var entry = table[el.id];
      if (!entry || el.querySelector(":scope > .para-tools, :scope > :last-child > .para-tools")) return;
      var citation = entry[0], place = entry[1];
      var tools = document.createElement("span");
      tools.className = "para-tools";
      tools.setAttribute("role", "toolbar");
      tools.setAttribute("aria-label", place + "的工具");
      tools.setAttribute("data-search-exclude", "");
      // A heading's own ¶ (the theme's) joins its toolbar: one tab stop, not two.
      var link = el.querySelector(":scope > .headerlink") || document.createElement("a");
      link.classList.add("para-permalink");
      link.textContent = "¶";
      link.setAttribute("aria-label", place + "的链接");
      link.title = place + "的链接";
      link.href = "#" + el.id;
      var button = tool("button", "para-cite", "复制引文", "复制" + place + "的引文");
      button.type = "button";
      button.tabIndex = -1;
      button.addEventListener("click", function (event) {
        event.preventDefault();
        var text = withLink(citation, linkTo(el.id), " ");
        copyText(text, function () { confirmCopy(button, text, "复制引文"); });
      });
      tools.appendChild(link);
      tools.appendChild(button);
      rovingFocus(tools);
      el.classList.add("para-host");
      var host = el.tagName === "TR" ? el.lastElementChild : el;
      host.appendChild(tools);
    });
  }

  /* -- from paragraph to paragraph with the keyboard -------------------- */

  var KEYS_HINT = "para-keys-hint";

  /* J / K, or Alt+↓ / Alt+↑: +1 / -1; 0 for any other key. Neither the
     browser nor Material binds them on a page (Material's keys are
     F, S, /, N, P, ".", ","); typing in a field is never taken. */
  function paragraphStep(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.shiftKey || event.isComposing) return 0;
    var target = event.target;
    if (target && (target.isContentEditable || (target.closest && target.closest("input, textarea, select")))) return 0;
    if (event.altKey) return event.key === "ArrowDown" ? 1 : event.key === "ArrowUp" ? -1 : 0;
    var key = (event.key || "").toLowerCase();
    return key === "j" ? 1 : key === "k" ? -1 : 0;
  }

  function headerBottom() {
    var header = document.querySelector(".md-header");
    return header ? header.getBoundingClientRect().bottom : 0;
  }

  /* Whether the reader last landed by a link (the page opened at #id, or a
     link within it followed) rather than moved the focus: set by
     hashchange, and told by the address too (a key pressed before the
     hashchange event has run). */
  var landed = Boolean(location.hash), hashAtFocus = null;

  function onScreen(el) {
    var box = el && el.getBoundingClientRect();
    return Boolean(box) && box.bottom > headerBottom() && box.top < window.innerHeight;
  }

  /* The element a reader is at: the link's target while it is on screen,
     when a link brought the reader there after the focus last moved; else
     the element holding the focus; null when neither. */
  function currentHost(hosts) {
    var el = null;
    if (location.hash && (landed || (hashAtFocus !== null && hashAtFocus !== location.hash))) {
      var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      el = onScreen(target) ? target.closest(".para-host") : null;
    }
    if (!el) {
      var focused = document.activeElement;
      el = focused && focused.closest ? focused.closest(".para-host") : null;
    }
    return el && hosts.indexOf(el) >= 0 ? el : null;
  }

  function moveToParagraph(step) {
    var hosts = Array.prototype.slice.call(document.querySelectorAll(".md-content article .para-host"));
    if (!hosts.length) return false;
    var current = currentHost(hosts), next;
    if (current) {
      next = hosts[hosts.indexOf(current) + step];
    } else {
      // From where the reader is reading: the first element below the header.
      var top = headerBottom(), first = hosts.length;
      for (var k = 0; k < hosts.length; k++) {
        if (hosts[k].getBoundingClientRect().top >= top - 1) { first = k; break; }
      }
      next = hosts[step > 0 ? first : first - 1];
    }
    if (!next) return false;
    if (!next.hasAttribute("tabindex")) next.setAttribute("tabindex", "-1");
    next.focus({ preventScroll: true });
    var box = next.getBoundingClientRect();
    if (box.top < headerBottom() || box.bottom > window.innerHeight) {
      next.scrollIntoView({ block: box.height > window.innerHeight - headerBottom() || step < 0 ? "start" : "nearest" });
      // scrollIntoView "nearest" keeps the bottom in view; the top must not be under the header.
      if (next.getBoundingClientRect().top < headerBottom()) next.scrollIntoView({ block: "start" });
    }
    return true;
  }

  function paragraphKeys(article) {
    if (!document.getElementById(KEYS_HINT)) {
      // Said where the document starts, to every reader (screen readers too).
      var hint = document.createElement("p");
      hint.id = KEYS_HINT;
      hint.className = KEYS_HINT;
      hint.setAttribute("data-search-exclude", "");
      hint.innerHTML = "键盘：<kbd>J</kbd> / <kbd>K</kbd>（或 <kbd>Alt+↓</kbd> / <kbd>Alt+↑</kbd>）移到下一段 / 上一段，" +
        "<kbd>Tab</kbd> 到该段的链接和工具，<kbd>←</kbd> <kbd>→</kbd> 在 ¶ 链接与“复制引文”之间切换。";
      var header = article.querySelector(".doc-header");
      header.parentNode.insertBefore(hint, header.nextSibling);
    }
    if (document.documentElement.hasAttribute("data-para-keys")) return;
    document.documentElement.setAttribute("data-para-keys", "");
    document.addEventListener("keydown", function (event) {
      var step = paragraphStep(event);
      if (step && moveToParagraph(step)) event.preventDefault();
    });
    window.addEventListener("hashchange", function () { landed = true; });
    document.addEventListener("focusin", function () { landed = false; hashAtFocus = location.hash; });
  }

  /* The document as a whole: "copy citation" right under its title (not
   * inside the heading, whose text stays the document's title). */
  function addTitleTools(root, table) {
    var title = root.querySelector("h1#" + TITLE), entry = table[TITLE];
    if (!title || !entry || root.querySelector(".title-tools")) return;
    var tools = document.createElement("div");
    tools.className = "title-tools";
    tools.setAttribute("data-for", TITLE);
    tools.setAttribute("data-search-exclude", "");
    var label = "复制本文件的引文";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "para-cite";
    button.textContent = label;
    button.title = "复制" + entry[1] + "的引文";
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var text = withLink(entry[0], linkTo(TITLE), " ");
      copyText(text, function () { confirmCopy(button, text, label); });
    });
    tools.appendChild(button);
    title.insertAdjacentElement("afterend", tools);
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
      var text = withLink("“" + current.quote + "”\n" + entry[0], linkTo(current.el.id, current.quote), "\n");
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
    var shownFor = null;  // the reference whose note the tip shows
    var press = null;     // the reference a finger or pen went down on, and whether its note showed then
    function show(link) {
      var note = document.getElementById(link.getAttribute("href").slice(1));
      if (!note) return;
      var copy = note.cloneNode(true);
      Array.prototype.forEach.call(copy.querySelectorAll(".footnote-backref, .para-tools"), function (n) { n.remove(); });
      if (shownFor && shownFor !== link) shownFor.removeAttribute("aria-describedby");
      shownFor = link;
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
      if (link && link !== shownFor) return;
      tip.hidden = true;
      if (shownFor) shownFor.removeAttribute("aria-describedby");
      shownFor = null;
    }
    // Pointer events say what pointed: a mouse shows the note on hover; a
    // tap also fires an emulated mouseenter, which must not count as one.
    // On a screen without hover (a phone) any pointer is taken as a finger.
    var noHover = window.matchMedia ? window.matchMedia("(hover: none)") : null;
    function tapping(event) { return event.pointerType !== "mouse" || Boolean(noHover && noHover.matches); }
    Array.prototype.forEach.call(root.querySelectorAll("sup.fnref > a"), function (link) {
      link.addEventListener("pointerenter", function (event) { if (!tapping(event)) show(link); });
      link.addEventListener("pointerleave", function (event) { if (!tapping(event)) hide(link); });
      link.addEventListener("pointerdown", function (event) {
        press = tapping(event) ? { link: link, shown: shownFor === link && !tip.hidden } : null;
      });
      link.addEventListener("focus", function () { show(link); });
      link.addEventListener("blur", function () { hide(link); });
      link.addEventListener("click", function (event) {
        // A first tap shows the note where the reader is; a second tap on
        // the same reference (the note showing) goes to it. A mouse click
        // and Enter go to it at once.
        var tap = press && press.link === link && event.detail > 0 ? press : null;
        press = null;
        if (tap && !tap.shown) {
          event.preventDefault();
          show(link);
        } else {
          hide(link);  // the page moves to the note: no tip left where the reference was
        }
      });
    });
    document.addEventListener("pointercancel", function () { press = null; });
    document.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(null); });
  }

  function start() {
    var article = document.querySelector(".md-content article") || document.body;
    if (!article.querySelector(".doc-header")) return;
    var table = citationTable();
    addTools(article, table);
    addTitleTools(article, table);
    if (!document.querySelector(".share-passage")) sharePopup(table);
    if (!document.querySelector(".footnote-preview")) footnotePreviews(article);
    paragraphKeys(article);
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
