/* The search engine of the site: exact phrases over a positional index.
 *
 * The index (generator/search/shards.py) keys every token of every block and
 * every pair of adjacent tokens, with the positions where a pair starts.
 * A query is folded and split into tokens by the same rule as the texts
 * (generator/search_text.py; a test compares both over the real reports):
 *
 * - white space splits the query into terms, and a block must hold every
 *   term; a term of several tokens is a phrase, found where its pairs
 *   stand at consecutive positions (a covering set of them: pairs 0, 2,
 *   4... and the last), so any text is found exactly where it stands;
 * - ranking: blocks holding the whole query (its terms adjacent, in
 *   order, spaces ignored) first, then by BM25 over the units loaded, then
 *   in document order.
 *
 * Files are loaded by name, only those a query needs: over http with
 * fetch, from file:// with <script> elements (fetch is not allowed there);
 * every file is a script calling untocSearchData(name, data), and its JSON
 * is read the same way both ways. The same code runs in the worker
 * (workers/untoc-search.js, Material's protocol), in the page
 * (search-more.js, search-landing.js) and under node's test runner
 * (tests/js/), which hands it a loader reading files from disk.
 */
(function (root) {
  "use strict";

  // Keep these three in step with generator/search_text.py.
  var HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3ffff}";
  var WORD = "0-9a-z\u00df-\u00f6\u00f8-\u024f";
  var SPACE = "\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff";
  var TOKEN = new RegExp("[" + HAN + "]|[" + WORD + "]+|[^" + SPACE + "]", "gu");
  var SPACES = new RegExp("[" + SPACE + "]+", "u");
  var IS_SPACE = new RegExp("^[" + SPACE + "]$", "u");
  var IS_WORD = new RegExp("^[" + WORD + "]$", "u");
  var PAIR_JOIN = " ";
  var IS_SINGLE = new RegExp("^[^" + WORD + "]$", "u");
  // The number alphabet of generator/search/shards.py: printable ASCII but " and \;
  // digits below ENDING end a number, the others carry on to the next.
  var ENDING = 64, CARRY = 29;
  var DIGIT = new Int8Array(128).fill(-1);
  for (var c = 0x20, d = 0; c < 0x7f; c++) if (c !== 0x22 && c !== 0x5c) DIGIT[c] = d++;
  var TIER = 1000; // added to the score of a block that holds the whole query

  function fold(text) {
    return String(text).replace(/[\uff01-\uff5e]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    }).replace(/\u3000/g, " ").toLowerCase();
  }

  function tokens(text) {
    return fold(text).match(TOKEN) || [];
  }

  // The terms of a query: its white-space-separated parts, as token lists.
  // A double quote is phrase syntax elsewhere; here every term is a phrase.
  function queryTerms(query) {
    var seen = new Set(), terms = [];
    String(query).replace(/"/g, " ").split(SPACES).forEach(function (part) {
      var toks = tokens(part);
      var key = toks.join(PAIR_JOIN);
      if (toks.length && !seen.has(key)) {
        seen.add(key);
        terms.push({ text: part, tokens: toks });
      }
    });
    return terms;
  }

  // The units that find a phrase: its token if it has one, else a
  // covering set of its pairs with their offsets in the phrase.
  function cover(toks) {
    if (toks.length === 1) return [{ unit: toks[0], offset: 0 }];
    var out = [];
    for (var j = 0; j < toks.length - 1; j += 2) out.push(j);
    if (out[out.length - 1] !== toks.length - 2) out.push(toks.length - 2);
    return out.map(function (j) { return { unit: pair(toks[j], toks[j + 1]), offset: j }; });
  }

  // Keep pair and isPair in step with generator/search_text.py.
  function pair(first, second) {
    return IS_SINGLE.test(first) && IS_SINGLE.test(second) ? first + second : first + PAIR_JOIN + second;
  }

  // Where a unit is kept in its shard (generator/search/shards.py, split_unit).
  function splitUnit(unit) {
    if (!isPair(unit)) return [unit, ""];
    var at = unit.indexOf(PAIR_JOIN);
    if (at !== -1) return [unit.slice(0, at), unit.slice(at)];
    var first = Array.from(unit)[0];
    return [first, unit.slice(first.length)];
  }

  function isPair(unit) {
    var chars = Array.from(unit);
    return unit.indexOf(PAIR_JOIN) !== -1 || (chars.length === 2 && IS_SINGLE.test(chars[0]));
  }

  function decodeNumbers(text) {
    var out = [], value = 0, scale = 1;
    for (var i = 0; i < text.length; i++) {
      var digit = DIGIT[text.charCodeAt(i)];
      if (digit >= ENDING) {
        value += (digit - ENDING) * scale;
        scale *= CARRY;
      } else {
        out.push(value + digit * scale);
        value = 0;
        scale = 1;
      }
    }
    return out;
  }

  // A unit's postings, sorted by block: blocks[i] holds the unit counts[i]
  // times; for a pair, at positions[offsets[i]] up to positions[offsets[i + 1]].
  function decodePostings(text, isPair) {
    var blocks = [], counts = [], offsets = isPair ? [0] : null, positions = isPair ? [] : null;
    var i = 0, n = text.length, block = 0;
    function next() {
      var value = 0, scale = 1;
      for (;;) {
        var digit = DIGIT[text.charCodeAt(i++)];
        if (digit < ENDING) return value + digit * scale;
        value += (digit - ENDING) * scale;
        scale *= CARRY;
      }
    }
    while (i < n) {
      var head = next();
      block += (head - head % 2) / 2;
      var count = head % 2 ? next() + 2 : 1;
      blocks.push(block);
      counts.push(count);
      if (isPair) {
        for (var k = 0, at = 0; k < count; k++) {
          at += next();
          positions.push(at);
        }
        offsets.push(positions.length);
      }
    }
    return { blocks: blocks, counts: counts, offsets: offsets, positions: positions };
  }

  // The first index at or after ``from`` whose block is at least ``block``.
  function seek(list, from, block) {
    var lo = from, hi = list.blocks.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (list.blocks[mid] < block) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  // Index of the last entry of the sorted list at or before key, -1 if none.
  function lastAtMost(list, key, get) {
    var lo = 0, hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if ((get ? get(list[mid]) : list[mid]) <= key) lo = mid + 1; else hi = mid;
    }
    return lo - 1;
  }

  /* ---- Finding a phrase in a text (results and the landed paragraph) -- */

  // Where the terms stand in text: sorted, merged [start, end) ranges of
  // UTF-16 indices. White space, width and case are ignored as in the
  // index, and a term that starts or ends with a letter or digit must not
  // continue a longer word there (70/17 is not marked inside 70/174).
  function findRanges(text, terms) {
    var folded = [], origin = [], ends = [];
    var index = 0;
    for (var ch of String(text)) {
      if (!IS_SPACE.test(ch)) {
        var f = fold(ch);
        for (var i = 0; i < f.length; i++) {
          folded.push(f[i]);
          origin.push(index);
          ends.push(index + ch.length);
        }
      }
      index += ch.length;
    }
    var haystack = folded.join(""), ranges = [];
    terms.forEach(function (term) {
      var needle = fold(term).split(SPACES).join("");
      if (!needle) return;
      for (var at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
        var end = at + needle.length;
        if (IS_WORD.test(needle[0]) && at > 0 && IS_WORD.test(haystack[at - 1])) continue;
        if (IS_WORD.test(needle[needle.length - 1]) && end < haystack.length && IS_WORD.test(haystack[end])) continue;
        ranges.push([origin[at], ends[end - 1]]);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return merged;
  }

  function escapeHTML(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function highlight(text, terms) {
    var out = "", at = 0;
    findRanges(text, terms).forEach(function (r) {
      out += escapeHTML(text.slice(at, r[0])) + "<mark>" + escapeHTML(text.slice(r[0], r[1])) + "</mark>";
      at = r[1];
    });
    return out + escapeHTML(text.slice(at));
  }

  /* ---- Loading files ----------------------------------------------------- */

  function readScript(text) {
    return JSON.parse(text.slice(text.indexOf(",") + 1, text.lastIndexOf(")")));
  }

  // Over http: fetch. ``base``: the URL of the search folder, ending in "/".
  // A query fetches a few dozen files at once, and a small server may drop
  // a connection under the burst: a failed fetch is tried again, twice.
  function fetchLoader(base) {
    function attempt(name, left) {
      return fetch(base + name + ".js").then(function (response) {
        if (!response.ok) throw new Error(name + ": HTTP " + response.status);
        return response.text();
      }).then(readScript, function (err) {
        if (left <= 0) throw err;
        return new Promise(function (resolve) { setTimeout(resolve, 100); }).then(function () {
          return attempt(name, left - 1);
        });
      });
    }
    return function (name) { return attempt(name, 2); };
  }

  // From file://: a <script> element per file, which calls untocSearchData.
  function scriptLoader(base) {
    var waiting = new Map();
    root.untocSearchData = function (name, data) {
      var pending = waiting.get(name);
      if (pending) {
        waiting.delete(name);
        pending.resolve(data);
      }
    };
    return function (name) {
      return new Promise(function (resolve, reject) {
        waiting.set(name, { resolve: resolve, reject: reject });
        var element = document.createElement("script");
        element.src = base + name + ".js";
        element.onload = element.onerror = function () {
          element.remove();
          if (waiting.has(name)) {
            waiting.delete(name);
            reject(new Error(name + ": not loaded"));
          }
        };
        (document.head || document.documentElement).appendChild(element);
      });
    };
  }

  function loaderFor(base) {
    var local = /^file:/.test(base) && typeof document !== "undefined";
    return local ? scriptLoader(base) : fetchLoader(base);
  }

  /* ---- The engine -------------------------------------------------------- */

  function Engine(manifest, load) {
    this.manifest = manifest;
    this.files = new Map();
    this.postings = new Map();
    this.loadFile = load;
  }

  Engine.prototype.file = function (name) {
    var files = this.files, pending = files.get(name);
    if (!pending) {
      pending = this.loadFile(name);
      files.set(name, pending);
      pending.catch(function () { files.delete(name); });
    }
    return pending;
  };

  Engine.prototype.unitFile = function (unit) {
    var i = lastAtMost(this.manifest.units, unit);
    return i < 0 ? null : "u/" + i;
  };

  // The files a query loads for its units (tests and the benchmark use it).
  Engine.prototype.plan = function (query) {
    var terms = queryTerms(query), units = new Set(), self = this;
    var phrases = terms.map(function (t) { return t.tokens; });
    if (terms.length > 1) phrases.push([].concat.apply([], phrases));
    phrases.forEach(function (toks) { cover(toks).forEach(function (c) { units.add(c.unit); }); });
    var files = new Set();
    units.forEach(function (u) { var f = self.unitFile(u); if (f) files.add(f); });
    return { terms: terms, phrases: phrases, units: Array.from(units), files: Array.from(files).sort() };
  };

  var NONE = { blocks: [], counts: [], offsets: [0], positions: [] };

  Engine.prototype.unit = function (unit) {
    var self = this;
    if (this.postings.has(unit)) return Promise.resolve(this.postings.get(unit));
    var name = this.unitFile(unit);
    if (!name) return Promise.resolve(NONE);
    return this.file(name).then(function (data) {
      if (!self.postings.has(unit)) {
        var key = splitUnit(unit), own = Object.prototype.hasOwnProperty;
        var text = own.call(data, key[0]) && own.call(data[key[0]], key[1]) ? data[key[0]][key[1]] : "";
        self.postings.set(unit, decodePostings(text, isPair(unit)));
      }
      return self.postings.get(unit);
    });
  };

  Engine.prototype.idf = function (postings) {
    var n = this.manifest.blocks, df = postings.blocks.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  };

  // Blocks holding a phrase (token list), in block order, with the BM25
  // score of its units: {blocks: [...], scores: [...]}.
  Engine.prototype.phrase = function (toks) {
    var self = this, covering = cover(toks);
    return Promise.all(covering.map(function (c) { return self.unit(c.unit); })).then(function (lists) {
      var k1 = self.manifest.k1, idfs = lists.map(function (p) { return self.idf(p); });
      var base = 0;
      lists.forEach(function (list, k) { if (list.blocks.length < lists[base].blocks.length) base = k; });
      var at = lists.map(function () { return 0; }), blocks = [], scores = [];
      var main = lists[base];
      for (var i = 0; i < main.blocks.length; i++) {
        var block = main.blocks[i], score = 0, starts = null, k;
        for (k = 0; k < lists.length; k++) {
          var list = lists[k], j = k === base ? i : (at[k] = seek(list, at[k], block));
          if (list.blocks[j] !== block) break;
          var count = list.counts[j];
          score += idfs[k] * count * (k1 + 1) / (count + k1);
          if (list.positions) {
            var offset = covering[k].offset, here = [];
            for (var q = list.offsets[j]; q < list.offsets[j + 1]; q++) {
              var start = list.positions[q] - offset;
              if (start >= 0 && (!starts || starts.indexOf(start) !== -1)) here.push(start);
            }
            if (!here.length) break;
            starts = here;
          }
        }
        if (k === lists.length) {
          blocks.push(block);
          scores.push(score);
        }
      }
      return { blocks: blocks, scores: scores };
    });
  };

  // Every block holding every term, best first: [{block, score, whole}].
  Engine.prototype.search = function (query) {
    var self = this, planned = this.plan(query);
    if (!planned.terms.length) return Promise.resolve({ terms: [], hits: [] });
    return Promise.all(planned.phrases.map(function (toks) { return self.phrase(toks); })).then(function (found) {
      var termHits = found.slice(0, planned.terms.length);
      var whole = planned.terms.length > 1 ? found[found.length - 1] : null;
      var base = 0;
      termHits.forEach(function (t, k) { if (t.blocks.length < termHits[base].blocks.length) base = k; });
      var at = termHits.map(function () { return 0; }), wholeAt = 0, hits = [];
      var main = termHits[base];
      for (var i = 0; i < main.blocks.length; i++) {
        var block = main.blocks[i], score = 0, k;
        for (k = 0; k < termHits.length; k++) {
          var t = termHits[k], j = k === base ? i : (at[k] = seek(t, at[k], block));
          if (t.blocks[j] !== block) break;
          score += t.scores[j];
        }
        if (k < termHits.length) continue;
        var holdsWhole = true;
        if (whole) {
          wholeAt = seek(whole, wholeAt, block);
          holdsWhole = whole.blocks[wholeAt] === block;
        }
        hits.push({ block: block, score: score + (whole && holdsWhole ? TIER : 0), whole: holdsWhole });
      }
      hits.sort(function (a, b) { return b.score - a.score || a.block - b.block; });
      return { terms: planned.terms, hits: hits };
    });
  };

  // The path of page number ``page`` (the manifest says their shared start and end once).
  Engine.prototype.pagePath = function (page) {
    return this.manifest.page_prefix + this.manifest.pages[page][0] + this.manifest.page_suffix;
  };

  Engine.prototype.pageOf = function (block) {
    return lastAtMost(this.manifest.pages, block, function (p) { return p[1]; });
  };

  Engine.prototype.textFile = function (block) {
    return "x/" + Math.floor(block / this.manifest.text_run);
  };

  // What results show of a block: {location, title, text}.
  Engine.prototype.text = function (block) {
    var self = this, path = this.pagePath(this.pageOf(block));
    return this.file(this.textFile(block)).then(function (data) {
      var row = data.rows[block % self.manifest.text_run];
      return { location: path + (row[0] ? "#" + row[0] : ""), title: data.titles[row[1]], text: row[2] };
    });
  };

  /* ---- Material's result list ------------------------------------------ */

  var FIRST_PAGES = 10; // Material renders ten result items before scrolling

  function placeholder(tag, file, row) {
    return "<" + tag + ' class="untoc-more" data-file="' + file + '" data-row="' + row + '"></' + tag + ">";
  }

  // The highlight terms of a hit: the whole query where the block holds it.
  function termsOf(result, hit) {
    var terms = {};
    if (hit.whole && result.terms.length > 1) {
      terms[result.terms.map(function (t) { return t.text; }).join("")] = true;
    } else {
      result.terms.forEach(function (t) { terms[t.text] = true; });
    }
    return terms;
  }

  // Material's RESULT data: one list per page, its own entry first (the
  // "article"), then its blocks, best first. The text of the first pages'
  // entries and of the blocks Material shows open (those scoring as the
  // page's best) is loaded; the others get a placeholder naming their file
  // and row, which search-more.js fills when they are shown.
  Engine.prototype.materialResult = function (query) {
    var self = this;
    return this.search(query).then(function (result) {
      var groups = new Map();
      result.hits.forEach(function (hit) {
        var page = self.pageOf(hit.block);
        if (!groups.has(page)) groups.set(page, []);
        groups.get(page).push(hit);
      });
      var pages = Array.from(groups.keys()), wanted = new Set();
      pages.slice(0, FIRST_PAGES).forEach(function (page) {
        var group = groups.get(page), first = self.manifest.pages[page][1];
        wanted.add(first);
        group.forEach(function (hit) { if (hit.score === group[0].score) wanted.add(hit.block); });
      });
      var blocks = Array.from(wanted);
      return Promise.all(blocks.map(function (b) { return self.text(b); })).then(function (texts) {
        var shown = new Map();
        blocks.forEach(function (b, i) { shown.set(b, texts[i]); });
        var items = pages.map(function (page) {
          var group = groups.get(page), path = self.pagePath(page), first = self.manifest.pages[page][1];
          var top = group[0].score;
          function item(block, score, hit) {
            var terms = termsOf(result, hit), words = Object.keys(terms), known = shown.get(block);
            if (known) {
              return { location: known.location, title: known.title, text: "<p>" + highlight(known.text, words) + "</p>",
                       score: score, terms: terms };
            }
            var file = self.textFile(block), row = block % self.manifest.text_run;
            // A section's location keeps its "#" so that Material does not
            // take it for the page's own entry; search-more.js sets the id.
            return { location: path + (block === first ? "" : "#"), title: placeholder("span", file, row),
                     text: placeholder("p", file, row), score: score, terms: terms };
          }
          var own = group.filter(function (h) { return h.block === first; })[0];
          var list = [item(first, top, own || group[0])];
          group.forEach(function (hit) { if (hit.block !== first) list.push(item(hit.block, hit.score, hit)); });
          return list;
        });
        return { items: items };
      });
    });
  };

  var api = {
    fold: fold, tokens: tokens, queryTerms: queryTerms, cover: cover, decodeNumbers: decodeNumbers,
    findRanges: findRanges, highlight: highlight, readScript: readScript, loaderFor: loaderFor, Engine: Engine
  };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.UntocSearch = api;
})(typeof self !== "undefined" ? self : this);
