/* Permalinks and "copy citation" for every anchored element.
 * The controls are added in the browser, so they are not part of the page
 * text that search indexes. Works the same from file:// and over http. */
(function () {
  "use strict";

  var CN = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

  function annexName(k) {
    return "附件" + (CN[Number(k)] || k);
  }

  function subs(parts) {
    // ["9", "b", "ii"] -> "第 9 段(b)项(ii)目"
    var out = "第 " + parts[0] + " 段";
    if (parts[1]) out += "(" + parts[1] + ")项";
    if (parts[2]) out += "(" + parts[2] + ")目";
    return out;
  }

  /* The citation of an element, in the UN's Chinese style. */
  function citationFor(id, docName) {
    var m;
    if ((m = /^(res|dec)-(\d+)-(\d+)(?:-(.*))?$/.exec(id))) {
      var name = "第 " + m[2] + "/" + m[3] + " 号" + (m[1] === "res" ? "决议" : "决定");
      var rest = m[4] || "";
      var r;
      if (!rest || rest === "formula") return name;
      if ((r = /^pre-(\d+)$/.exec(rest))) return name + "，序言部分第 " + r[1] + " 段";
      if ((r = /^op-(\d+)(?:-([a-z]+))?(?:-([ivx]+))?$/.exec(rest))) return name + "，" + subs([r[1], r[2], r[3]]);
      if ((r = /^op-([a-z]+)$/.exec(rest))) return name + "，(" + r[1] + ")段";
      if ((r = /^item-(\d+)(?:-([a-z]+))?$/.exec(rest))) return name + "，项目 " + r[1] + (r[2] ? "(" + r[2] + ")" : "");
      if ((r = /^annex-(\d+)(?:-(.*))?$/.exec(rest))) {
        var annex = name + "，" + annexName(r[1]);
        var inner = r[2] || "";
        var q;
        if ((q = /^para-(\d+)$/.exec(inner))) return annex + "，第 " + q[1] + " 段";
        if ((q = /^([a-z]{1,2})$/.exec(inner))) return annex + "，(" + q[1] + ")段";
        return annex;
      }
      return name;
    }
    if ((m = /^para-(\d+)(?:-([a-z]+))?(?:-([ivx]+))?$/.exec(id))) return docName + "，" + subs([m[1], m[2], m[3]]);
    if ((m = /^para-(\d+)-/.exec(id))) return docName + "，第 " + m[1] + " 段";
    if ((m = /^agenda-(\d+)(?:-([a-z]+))?$/.exec(id))) return docName + "，临时议程项目 " + m[1] + (m[2] ? "(" + m[2] + ")" : "");
    if ((m = /^item-(\d+)(?:-([a-z]+))?(?:-p(\d+))?/.exec(id))) {
      var item = "项目 " + m[1] + (m[2] ? "(" + m[2] + ")" : "");
      return docName + "，" + item + "说明" + (m[3] ? "第 " + m[3] + " 段" : "");
    }
    if ((m = /^annex-(\d+)(?:-para-(\d+))?(?:-([a-z]+))?/.exec(id))) {
      return docName + "，" + annexName(m[1]) + (m[2] ? "，" + subs([m[2], m[3]]) : "");
    }
    if ((m = /^fn-(\d+)$/.exec(id))) return docName + "，脚注 " + m[1];
    return docName;
  }
  window.citationFor = citationFor;

  function copyText(text, button) {
    function done() {
      button.textContent = "已复制";
      button.setAttribute("data-copied", text);
      setTimeout(function () { button.textContent = "复制引文"; }, 1500);
    }
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

  function pageUrl(id) {
    return location.href.split("#")[0] + "#" + id;
  }

  function addTools(root) {
    var header = root.querySelector(".doc-header");
    if (!header) return;
    var docName = header.getAttribute("data-citation") || document.title;
    var targets = root.querySelectorAll("p[id], tr[id], blockquote[id]");
    Array.prototype.forEach.call(targets, function (el) {
      if (el.querySelector(":scope > .para-tools")) return;
      var id = el.id;
      var tools = document.createElement("span");
      tools.className = "para-tools";
      tools.setAttribute("data-search-exclude", "");
      var link = document.createElement("a");
      link.className = "para-permalink";
      link.href = "#" + id;
      link.textContent = "¶";
      link.title = "本段链接";
      link.setAttribute("aria-label", "本段链接 " + id);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "para-cite";
      button.textContent = "复制引文";
      button.addEventListener("click", function (event) {
        event.preventDefault();
        copyText(citationFor(id, docName) + " " + pageUrl(id), button);
      });
      tools.appendChild(link);
      tools.appendChild(button);
      var host = el.tagName === "TR" ? el.lastElementChild : el;
      host.appendChild(tools);
    });
  }

  function start() {
    var article = document.querySelector(".md-content article") || document.body;
    addTools(article);
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
