/* The timeline's filter (timeline.html and timeline/<year>.html).
 *
 * What is hidden is kept in the query string, ?hide-body=a,b&hide-kind=c,
 * so that a filtered view can be linked, survives a reload and follows
 * back/forward; the links between the timeline's pages carry it along.
 * What is hidden, not what is shown: a page lists only the bodies and
 * kinds it has, and a choice made on one page means the same on the next.
 * Works from file:// too (nothing is fetched).
 */
(function () {
  "use strict";
  var form = document.getElementById("timeline-filters");
  if (!form) { return; }
  var PARAMS = { body: "hide-body", kind: "hide-kind" };

  function hiddenIn(search) {
    var query = new URLSearchParams(search), hidden = {};
    Object.keys(PARAMS).forEach(function (name) {
      var value = query.get(PARAMS[name]);
      hidden[name] = value ? value.split(",").filter(Boolean) : [];
    });
    return hidden;
  }

  function queryOf(hidden) {
    var query = new URLSearchParams(location.search);
    Object.keys(PARAMS).forEach(function (name) {
      if (hidden[name].length) { query.set(PARAMS[name], hidden[name].join(",")); }
      else { query.delete(PARAMS[name]); }
    });
    var text = query.toString().replace(/%2C/gi, ",");
    return text ? "?" + text : "";
  }

  function boxes(name) {
    return Array.prototype.slice.call(form.querySelectorAll('input[name="' + name + '"]'));
  }

  function showBoxes(hidden) {
    Object.keys(PARAMS).forEach(function (name) {
      boxes(name).forEach(function (box) { box.checked = hidden[name].indexOf(box.value) < 0; });
    });
  }

  /* This page's boxes decide their own values; values of bodies or kinds
     this page does not list stay as the URL has them. */
  function hiddenFromBoxes(previous) {
    var hidden = {};
    Object.keys(PARAMS).forEach(function (name) {
      var own = boxes(name).map(function (box) { return box.value; });
      hidden[name] = previous[name].filter(function (v) { return own.indexOf(v) < 0; })
        .concat(boxes(name).filter(function (box) { return !box.checked; })
          .map(function (box) { return box.value; }))
        .sort();
    });
    return hidden;
  }

  /* An event of several bodies ("a b") is shown while any of them is. */
  function shows(hidden, bodies, kind) {
    return hidden.kind.indexOf(kind) < 0 &&
      bodies.some(function (b) { return hidden.body.indexOf(b) < 0; });
  }

  function apply(hidden) {
    var target = decodeURIComponent(location.hash.slice(1)), shown = 0, total = 0;
    document.querySelectorAll(".tl-entry").forEach(function (entry) {
      /* The entry a link lands on is always shown. */
      var on = entry.id === target ||
        shows(hidden, entry.getAttribute("data-body").split(" "), entry.getAttribute("data-kind"));
      entry.hidden = !on;
      total += 1;
      shown += on ? 1 : 0;
    });
    document.querySelectorAll(".tl-mark").forEach(function (mark) {
      var on = shows(hidden, mark.getAttribute("data-body").split(" "), mark.getAttribute("data-kind"));
      mark.style.display = on ? "" : "none";
    });
    document.querySelectorAll(".tl-year[data-counts]").forEach(function (year) {
      var n = 0;
      year.getAttribute("data-counts").split(" ").forEach(function (item) {
        var parts = item.split(":");
        if (parts.length === 3 && shows(hidden, parts[0].split("+"), parts[1])) { n += Number(parts[2]); }
      });
      year.querySelector(".tl-n").textContent = String(n);
      year.classList.toggle("tl-filtered-out", n === 0);
      total += 1;
      shown += n ? 1 : 0;
    });
    document.querySelectorAll(".tl-bar [data-kind]").forEach(function (part) {
      part.hidden = hidden.kind.indexOf(part.getAttribute("data-kind")) >= 0;
    });
    var query = queryOf(hidden);
    document.querySelectorAll("a.tl-year, .tl-years-nav a").forEach(function (link) {
      var href = link.getAttribute("href").replace(/[?#].*$/, "");
      link.setAttribute("href", href + query);
    });
    var status = document.getElementById("timeline-status");
    if (status) {
      var filtered = hidden.body.length || hidden.kind.length;
      status.textContent = !filtered ? "" :
        (document.querySelector(".tl-entry") ? "显示 " + shown + " 项，共 " + total + " 项" :
          "有符合条件事件的年份：" + shown + "，共 " + total + " 年");
    }
  }

  form.addEventListener("change", function () {
    var hidden = hiddenFromBoxes(hiddenIn(location.search));
    history.pushState(null, "", location.pathname + queryOf(hidden) + location.hash);
    apply(hidden);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  window.addEventListener("popstate", function () {
    var hidden = hiddenIn(location.search);
    showBoxes(hidden);
    apply(hidden);
  });
  window.addEventListener("hashchange", function () { apply(hiddenIn(location.search)); });
  /* timeline.html#2022: the year's heading when the timeline was one page;
     its entries are on the year's page now. */
  var year = /^#(\d{4})$/.exec(location.hash);
  var cell = year && document.getElementById(year[1]);
  var link = cell && cell.querySelector("a.tl-year");
  if (link) {
    location.replace(new URL(link.getAttribute("href").replace(/[?#].*$/, ""), location.href).href + location.search);
    return;
  }
  var initial = hiddenIn(location.search);
  showBoxes(initial);
  apply(initial);
  openAtFirstMark();

  /* A chart wider than its region (a phone) opens scrolled to the mark of
     the entry the link names, else to the year's first mark shown: not to
     an empty stretch of January. The sticky column of row labels stays
     over the region's left edge, so the mark is put just right of it. */
  function openAtFirstMark() {
    var chart = document.querySelector(".tl-chart");
    if (!chart || chart.scrollWidth <= chart.clientWidth) { return; }
    var marks = Array.prototype.filter.call(chart.querySelectorAll("a.tl-mark"), function (mark) {
      return mark.style.display !== "none";
    });
    var target = location.hash && marks.filter(function (mark) {
      return mark.getAttribute("href") === location.hash;
    })[0];
    var left = function (mark) { return mark.getBoundingClientRect().left; };
    var mark = target || marks.sort(function (a, b) { return left(a) - left(b); })[0];
    if (!mark) { return; }
    var labels = chart.querySelector(".tl-row-labels");
    var edge = chart.getBoundingClientRect().left + chart.clientLeft + (labels ? labels.offsetWidth : 0);
    chart.scrollLeft += left(mark) - edge - 8;
  }
})();
