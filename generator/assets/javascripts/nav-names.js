/* Every navigation landmark has a name of its own. With navigation.indexes
 * Material writes a section's name as the link to its own page and labels
 * the section's <nav> by the toggle beside it (aria-labelledby), which holds
 * only an icon: the nested sections' landmarks were all nameless, so alike
 * (axe: landmark-unique). The toggle gets its section's name as visually
 * hidden text (a <label> may not take aria-label), which names the
 * landmark too ("文件", "2020—2029 年", "2024"). */
(function () {
  "use strict";

  function nameToggles() {
    Array.prototype.forEach.call(document.querySelectorAll("nav.md-nav[aria-labelledby]"), function (nav) {
      var toggle = document.getElementById(nav.getAttribute("aria-labelledby"));
      if (!toggle || toggle.textContent.trim()) return;
      var container = toggle.closest(".md-nav__container");
      var link = container && container.querySelector("a.md-nav__link");
      var name = link && link.textContent.trim();
      if (!name) return;
      var text = document.createElement("span");
      text.className = "nav-name";
      text.textContent = name;
      toggle.appendChild(text);
    });
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(nameToggles);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", nameToggles);
  } else {
    nameToggles();
  }
})();
