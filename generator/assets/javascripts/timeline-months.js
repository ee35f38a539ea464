/* Old links into a year of the timeline split by month (CONTRACT.md,
 * "Permanence"; generator/rendering/timeline.py, split_year_page).
 *
 * A year whose page would pass the size of a page lists its months, and
 * each month's entries are on a page of their own. A reader may hold a
 * link such as timeline/2022.html#ev-20221017-3f2a9c1b: the id gives the
 * entry's first day (yyyymmdd), and the year page lists the first day of
 * each of its pages (a hidden element), so this script takes the reader to
 * the page holding the entry, keeping the filter in the query. Nothing is
 * fetched: it works from file:// too. */
(function () {
  "use strict";

  var holder = document.querySelector(".tl-month-parts");
  if (!holder) return;
  var year = holder.getAttribute("data-year"), parts;
  try {
    parts = JSON.parse(holder.getAttribute("data-parts"));
  } catch (e) {
    return;
  }

  // The page of a month and day: the last of the month's pages starting on
  // or before that day (a month's first page starts on its first day with events).
  function pageOf(month, day) {
    var found = null;
    parts.forEach(function (part) {
      if (part[0] === month && (found === null || part[1] <= day)) found = part[2];
    });
    return found;
  }

  function forward() {
    var id;
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch (e) {
      return;
    }
    if (!id || document.getElementById(id)) return;
    var m = /^ev-(\d{4})(\d{2})(\d{2})-/.exec(id);
    if (!m || m[1] !== year) return;
    var target = pageOf(Number(m[2]), Number(m[3]));
    if (target) location.replace(new URL(target, location.href).href.replace(/[?#].*$/, "") + location.search + "#" + id);
  }
  forward();
  window.addEventListener("hashchange", forward);
})();
