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

  // Keep these in step with generator/search/text.py.
  var HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3ffff}";
  var WORD = "0-9a-z\u00df-\u00f6\u00f8-\u024f";
  var SPACE = "\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff";
  var CONTROL = "\u0000-\u0008\u000e-\u001f\u007f";
  var TOKEN = new RegExp("[" + HAN + "]|[" + WORD + "]+|[^" + SPACE + CONTROL + "]", "gu");
  var SPACES = new RegExp("[" + SPACE + "]+", "u");
  var IS_SPACE = new RegExp("^[" + SPACE + CONTROL + "]$", "u");
  var IS_WORD = new RegExp("^[" + WORD + "]$", "u");
  var IS_NAME_PART = new RegExp("^(?:[" + WORD + "]|[" + HAN + "])", "u");
  var PAIR_JOIN = " ";
  var NAME_START = "\u0002", NAME_END = "\u0003";
  var IS_SINGLE = new RegExp("^[^" + WORD + "]$", "u");
  // The number alphabet of generator/search/shards.py: printable ASCII but " and \;
  // digits below ENDING end a number, the others carry on to the next.
  var ENDING = 64, CARRY = 29;
  var DIGIT = new Int8Array(128).fill(-1);
  for (var c = 0x20, d = 0; c < 0x7f; c++) if (c !== 0x22 && c !== 0x5c) DIGIT[c] = d++;
  var TIER = 1000; // added to the score of a block that holds the whole query
  var KNOWN = 1e6; // added to the score of a block naming what the query names (a known item)
  var LONG_PHRASE = 24; // a phrase of more tokens is found by some of its pairs, then checked in the text
  var FOLD_FILE = "fold";

  /* ---- Folding (generator/search/text.py, fold_table) ------------------ */

  // The table is a file of the search folder, the same for every way of
  // opening the site: loaded once (loadFold) before anything is folded.
  // With it come the nouns of the instruments (generator/instruments.py:
  // 决议, 决定), for the numbers readers write beside them (queryTerms).
  // And the symbols of other bodies' resolutions (shards.py,
  // resolution_symbols), read as the words the texts print them by.
  var FOLD = null, folding = null, NOUNS = [], SYMBOLS = [];

  function useFold(data) {
    var from = Array.from(data.from), to = Array.from(data.to), table = new Map();
    for (var i = 0; i < from.length; i++) table.set(from[i], to[i]);
    FOLD = table;
    NOUNS = data.nouns || [];
    SYMBOLS = data.symbols || [];
  }

  function loadFold(load) {
    if (FOLD) return Promise.resolve();
    if (!folding) {
      folding = load(FOLD_FILE).then(useFold, function (err) { folding = null; throw err; });
    }
    return folding;
  }

  function fold(text) {
    if (!FOLD) throw new Error("untoc-search: the folding table is not loaded");
    var out = "";
    for (var ch of String(text)) {
      var to = FOLD.get(ch);
      out += to === undefined ? ch : to;
    }
    return out.toLowerCase();
  }

  function tokens(text) {
    return fold(text).match(TOKEN) || [];
  }

  // The terms of a query: its white-space-separated parts, as token lists.
  // A double quote is phrase syntax elsewhere; here every term is a phrase.
  function queryTerms(query) {
    var seen = new Set(), terms = [];
    // White space beside a slash is inside a symbol (CTOC / COP / 2024 / 1).
    var text = String(query).replace(/"/g, " ").replace(new RegExp("[" + SPACE + "]*([/\uff0f])[" + SPACE + "]*", "gu"), "$1");
    text.split(SPACES).reduce(function (parts, part) {
      return parts.concat(symbolParts(part) || instrumentParts(part));
    }, []).forEach(function (part) {
      var toks = tokens(part);
      var key = toks.join(PAIR_JOIN);
      if (toks.length && !seen.has(key)) {
        seen.add(key);
        terms.push({ text: part, tokens: toks });
      }
    });
    return terms;
  }

  // A resolution typed by its document symbol (A/RES/70/174), which the
  // texts do not print: they write 大会第 70/174 号决议 (or 大会 2015 年 12 月
  // 17 日第 70/174 号决议). Read as the body's name, the number and the noun,
  // three terms, by the body's documented rule (from the session it holds
  // for); null for any other part.
  function symbolParts(part) {
    var folded = Array.from(part, fold).join("");
    for (var i = 0; i < SYMBOLS.length; i++) {
      var prefix = SYMBOLS[i][0], since = SYMBOLS[i][1];
      if (!folded.startsWith(prefix)) continue;
      var m = /^([0-9]+)\/([0-9]+)$/.exec(folded.slice(prefix.length));
      if (m && Number(m[1]) >= since) return [SYMBOLS[i][2], m[1] + "/" + m[2], SYMBOLS[i][3]];
    }
    return null;
  }

  // An instrument's number written against its noun, as readers type it
  // and the texts never print it (决议11/4, 决议第11/4号, 11/4决议; the texts:
  // 第 11/4 号决议, or 第 11/3 和 11/4 号决议): two terms, the noun and the
  // number, as if typed 决议 11/4, which finds the instrument and every text
  // citing it. Written 11/4号决议 or 第11/4号决议, it is a phrase of the
  // texts and stays one.
  var NUMBER_AFTER = /^第?[0-9]+\/[0-9]+号?$/, NUMBER_BEFORE = /^第?[0-9]+\/[0-9]+$/;

  function instrumentParts(part) {
    var chars = Array.from(part), folded = chars.map(fold), word = folded.join("");
    function split(noun, number) {
      var from = number[0], to = number[1];
      if (folded[from] === "第") from++;
      if (folded[to - 1] === "号") to--;
      return [chars.slice(noun[0], noun[1]).join(""), chars.slice(from, to).join("")];
    }
    for (var i = 0; i < NOUNS.length; i++) {
      var noun = NOUNS[i], n = Array.from(noun).length, at = chars.length - n;
      if (at <= 0) continue;
      if (word.startsWith(noun) && NUMBER_AFTER.test(folded.slice(n).join(""))) return split([0, n], [n, chars.length]);
      if (word.endsWith(noun) && NUMBER_BEFORE.test(folded.slice(0, at).join(""))) return split([at, chars.length], [0, at]);
    }
    return [part];
  }

  // The units that find a phrase: its token if it has one, else a
  // covering set of its pairs with their offsets in the phrase.
  // A phrase longer than LONG_PHRASE tokens is found by a spread of its
  // pairs (ends included) and then checked in each block's text.
  function cover(toks) {
    if (toks.length === 1) return [{ unit: toks[0], offset: 0 }];
    var out = [];
    var step = toks.length > LONG_PHRASE ? Math.ceil((toks.length - 1) / (LONG_PHRASE / 2)) : 2;
    for (var j = 0; j < toks.length - 1; j += step) out.push(j);
    if (out[out.length - 1] !== toks.length - 2) out.push(toks.length - 2);
    return out.map(function (j) { return { unit: pair(toks[j], toks[j + 1]), offset: j }; });
  }

  // The phrase without marks of punctuation at its ends: what a name must
  // start and end with (text.py, name_span). {lead, tokens}, or null.
  function nameCore(toks) {
    var first = 0, last = toks.length - 1;
    while (first <= last && !IS_NAME_PART.test(toks[first])) first++;
    while (last >= first && !IS_NAME_PART.test(toks[last])) last--;
    return first > last ? null : { lead: first, tokens: toks.slice(first, last + 1) };
  }

  // The units marking names that start and end as the core of a phrase
  // does: keyed by two tokens, or one (text.py, name_start and name_end).
  function nameMarks(core) {
    var t = core.tokens, n = t.length;
    var first = n === 1 ? t[0] : pair(t[0], t[1]), last = n === 1 ? t[0] : pair(t[n - 2], t[n - 1]);
    return [NAME_START + first, last + NAME_END];
  }

  function isNameMark(unit) {
    return unit.charAt(0) === NAME_START || unit.charAt(unit.length - 1) === NAME_END;
  }

  // Keep pair and isPair in step with generator/search_text.py.
  function pair(first, second) {
    return IS_SINGLE.test(first) && IS_SINGLE.test(second) ? first + second : first + PAIR_JOIN + second;
  }

  // Where a unit is kept in its shard (generator/search/shards.py, split_unit).
  function splitUnit(unit) {
    if (unit.charAt(0) === NAME_START) return [NAME_START, unit.slice(1)];
    if (unit.charAt(unit.length - 1) === NAME_END) return [unit.slice(0, -1), NAME_END];
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
  // A mark of names (isNameMark) has, per name, its position, its length
  // in tokens and its rank: names[3 * q], names[3 * q + 1], names[3 * q + 2]
  // for q from offsets[i] up to offsets[i + 1].
  function decodePostings(text, isPair, isNames) {
    var blocks = [], counts = [], offsets = isPair || isNames ? [0] : null, positions = isPair ? [] : null;
    var names = isNames ? [] : null;
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
      if (isNames) {
        for (var q = 0, from = 0; q < count; q++) {
          from += next();
          names.push(from, next(), next());
        }
        offsets.push(names.length / 3);
      } else if (isPair) {
        for (var k = 0, at = 0; k < count; k++) {
          at += next();
          positions.push(at);
        }
        offsets.push(positions.length);
      }
    }
    return { blocks: blocks, counts: counts, offsets: offsets, positions: positions, names: names };
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

  // The tokens of text (tokens()) with where each stands in it: [token,
  // start, end], UTF-16 indices of the text as printed.
  function tokenSpans(text) {
    var folded = "", origin = [], ends = [], index = 0;
    for (var ch of String(text)) {
      var f = fold(ch);
      for (var i = 0; i < f.length; i++) {
        origin.push(index);
        ends.push(index + ch.length);
      }
      folded += f;
      index += ch.length;
    }
    var out = [], m, re = new RegExp(TOKEN.source, "gu");
    while ((m = re.exec(folded)) !== null) out.push([m[0], origin[m.index], ends[m.index + m[0].length - 1]]);
    return out;
  }

  // Where the terms stand in text: sorted, merged [start, end) ranges of
  // UTF-16 indices. A term is found where its tokens stand one after
  // another, as the index finds it (white space, width, case, accents and
  // traditional characters folded; 70/17 is not found inside 70/174): the
  // one way of matching, for results, their marks and the landed paragraph.
  function findRanges(text, terms) {
    var spans = tokenSpans(text), ranges = [];
    terms.forEach(function (term) {
      var toks = tokens(term);
      if (!toks.length) return;
      for (var at = 0; at + toks.length <= spans.length; at++) {
        var k = 0;
        while (k < toks.length && spans[at + k][0] === toks[k]) k++;
        if (k === toks.length) ranges.push([spans[at][1], spans[at + toks.length - 1][2]]);
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

  // Whether text holds every term of a query (queryTerms), as the index says.
  function holds(text, query) {
    var terms = queryTerms(query);
    return terms.length > 0 && terms.every(function (t) { return findRanges(text, [t.text]).length > 0; });
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
  // One table of the data scripts on their way, for every loader of the
  // page (search-more.js, search-landing.js and search-suggest.js each make
  // one): a script calls the one global untocSearchData, which hands its
  // data to everyone who asked for that file, so no loader takes another's.
  var scriptsWaiting = new Map();

  // A script that did not load (a busy machine can fail one of a burst) is
  // tried again, twice, as a fetch is over http.
  function scriptLoader(base) {
    root.untocSearchData = function (name, data) {
      var asked = scriptsWaiting.get(name);
      if (!asked) return;
      scriptsWaiting.delete(name);
      asked.forEach(function (pending) { pending.resolve(data); });
    };
    function attempt(name, left) {
      var element = document.createElement("script");
      element.src = base + name + ".js";
      element.onload = element.onerror = function () {
        element.remove();
        var waiting = scriptsWaiting.get(name);
        if (!waiting) return;
        if (left > 0) {
          setTimeout(function () { attempt(name, left - 1); }, 100);
          return;
        }
        scriptsWaiting.delete(name);
        waiting.forEach(function (pending) { pending.reject(new Error(name + ": not loaded")); });
      };
      (document.head || document.documentElement).appendChild(element);
    }
    return function (name) {
      return new Promise(function (resolve, reject) {
        var asked = scriptsWaiting.get(name);
        if (asked) {
          asked.push({ resolve: resolve, reject: reject }); // its script is on its way
          return;
        }
        scriptsWaiting.set(name, [{ resolve: resolve, reject: reject }]);
        attempt(name, 2);
      });
    };
  }

  function loaderFor(base) {
    var local = /^file:/.test(base) && typeof document !== "undefined";
    return local ? scriptLoader(base) : fetchLoader(base);
  }

  // The search manifest (generator/search/shards.py) for a page script's
  // own engine: over http its JSON, from file:// its script, which sets
  // the global __index (as Material's bundle loads it there).
  function loadManifest(base) {
    if (/^file:/.test(base) && typeof document !== "undefined") {
      if (root.__index) return Promise.resolve(root.__index.config.engine);
      return new Promise(function (resolve, reject) {
        var element = document.createElement("script");
        element.src = base + "search_index.js";
        element.onload = function () {
          element.remove();
          if (root.__index) resolve(root.__index.config.engine); else reject(new Error("search_index.js: no index"));
        };
        element.onerror = function () { element.remove(); reject(new Error("search_index.js: not loaded")); };
        (document.head || document.documentElement).appendChild(element);
      });
    }
    return fetch(base + "search_index.json").then(function (response) {
      if (!response.ok) throw new Error("search_index.json: HTTP " + response.status);
      return response.json();
    }).then(function (data) { return data.config.engine; });
  }

  /* ---- The engine -------------------------------------------------------- */

  // The manifest's compact lists (generator/search/shards.py), read once:
  // units: the first unit of each u/ file; pages: [path middle, first
  // block, place newest first].
  function readManifest(manifest) {
    var shared = decodeNumbers(manifest.units_shared), units = [], last = [];
    manifest.units.forEach(function (rest, i) {
      var unit = last.slice(0, shared[i]).join("") + rest;
      units.push(unit);
      last = Array.from(unit);
    });
    var gaps = decodeNumbers(manifest.page_starts), newest = decodeNumbers(manifest.page_newest), at = 0;
    var pages = manifest.pages.map(function (middle, i) {
      at += gaps[i];
      return [middle, at, newest[i]];
    });
    var out = Object.assign({}, manifest);
    out.units = units;
    out.pages = pages;
    return out;
  }

  function Engine(manifest, load) {
    this.manifest = readManifest(manifest);
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

  // The folding table, loaded once (before any query is folded).
  Engine.prototype.ready = function () {
    return loadFold(this.file.bind(this));
  };

  // What a query looks for: its terms, the phrases searched (each term,
  // then the whole query when it has several terms), the units that find
  // them (a covering set of each phrase's pairs, and the marks of names
  // that start with its first token or end with its last) and the files
  // they are in (tests and the benchmark use it).
  Engine.prototype.plan = function (query) {
    var terms = queryTerms(query), units = new Set(), self = this;
    var phrases = terms.map(function (t) { return t.tokens; });
    if (terms.length > 1) phrases.push([].concat.apply([], phrases));
    phrases.forEach(function (toks) {
      cover(toks).forEach(function (c) { units.add(c.unit); });
      var core = nameCore(toks);
      if (core) nameMarks(core).forEach(function (u) { units.add(u); });
    });
    var files = new Set([FOLD_FILE]);
    units.forEach(function (u) { var f = self.unitFile(u); if (f) files.add(f); });
    return { terms: terms, phrases: phrases, units: Array.from(units), files: Array.from(files).sort() };
  };

  var NONE = { blocks: [], counts: [], offsets: [0], positions: [], names: [] };

  Engine.prototype.unit = function (unit) {
    var self = this;
    if (this.postings.has(unit)) return Promise.resolve(this.postings.get(unit));
    var name = this.unitFile(unit);
    if (!name) return Promise.resolve(NONE);
    return this.file(name).then(function (data) {
      if (!self.postings.has(unit)) {
        var key = splitUnit(unit), own = Object.prototype.hasOwnProperty;
        var text = own.call(data, key[0]) && own.call(data[key[0]], key[1]) ? data[key[0]][key[1]] : "";
        var names = isNameMark(unit);
        self.postings.set(unit, decodePostings(text, !names && isPair(unit), names));
      }
      return self.postings.get(unit);
    });
  };

  Engine.prototype.idf = function (postings) {
    var n = this.manifest.blocks, df = postings.blocks.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  };

  // Blocks holding a phrase (token list), in block order, with the BM25
  // score of its units and, for a phrase of several tokens, the positions
  // where it starts: {blocks: [...], scores: [...], starts: [[...], ...] | null}.
  Engine.prototype.phrase = function (toks) {
    var self = this, covering = cover(toks);
    return Promise.all(covering.map(function (c) { return self.unit(c.unit); })).then(function (lists) {
      var k1 = self.manifest.k1, idfs = lists.map(function (p) { return self.idf(p); });
      var base = 0;
      lists.forEach(function (list, k) { if (list.blocks.length < lists[base].blocks.length) base = k; });
      var at = lists.map(function () { return 0; }), blocks = [], scores = [], starts = [];
      var main = lists[base];
      for (var i = 0; i < main.blocks.length; i++) {
        var block = main.blocks[i], score = 0, found = null, k;
        for (k = 0; k < lists.length; k++) {
          var list = lists[k], j = k === base ? i : (at[k] = seek(list, at[k], block));
          if (list.blocks[j] !== block) break;
          var count = list.counts[j];
          score += idfs[k] * count * (k1 + 1) / (count + k1);
          if (list.positions) {
            var offset = covering[k].offset, here = [];
            for (var q = list.offsets[j]; q < list.offsets[j + 1]; q++) {
              var start = list.positions[q] - offset;
              if (start >= 0 && (!found || found.indexOf(start) !== -1)) here.push(start);
            }
            if (!here.length) break;
            found = here;
          }
        }
        if (k === lists.length) {
          blocks.push(block);
          scores.push(score);
          starts.push(found);
        }
      }
      var result = { blocks: blocks, scores: scores, starts: toks.length > 1 ? starts : null };
      return toks.length > LONG_PHRASE ? self.verify(result, toks) : result;
    });
  };

  // A long phrase's blocks (found by some of its pairs) that hold it
  // whole, by their text, and where it starts in each.
  Engine.prototype.verify = function (result, toks) {
    var self = this;
    return Promise.all(result.blocks.map(function (b) { return self.text(b); })).then(function (texts) {
      var out = { blocks: [], scores: [], starts: [] };
      texts.forEach(function (shown, i) {
        var spans = tokenSpans(shown.text), found = [];
        for (var at = 0; at + toks.length <= spans.length; at++) {
          var k = 0;
          while (k < toks.length && spans[at + k][0] === toks[k]) k++;
          if (k === toks.length) found.push(at);
        }
        if (found.length) {
          out.blocks.push(result.blocks[i]);
          out.scores.push(result.scores[i]);
          out.starts.push(found);
        }
      });
      return out;
    });
  };

  // How well a block names what a phrase names (0 when it does not): the
  // share of a name the phrase covers when it stands at the name's start
  // or end (the whole name: 1), and the rank of that name (text.py, names).
  // ``starts``: where the phrase starts in the block, null for one token
  // (then any name starting or ending with that token is one it names).
  function naming(block, core, starts, first, last) {
    var best = { cover: 0, rank: 0 }, size = core.tokens.length;
    function look(list, wanted) {
      var i = seek(list, 0, block);
      if (list.blocks[i] !== block) return;
      for (var q = list.offsets[i]; q < list.offsets[i + 1]; q++) {
        var at = list.names[3 * q], length = list.names[3 * q + 1], rank = list.names[3 * q + 2];
        if (length < size || (starts && starts.indexOf(at - wanted) === -1)) continue;
        var share = size / length;
        if (share > best.cover || (share === best.cover && rank > best.rank)) best = { cover: share, rank: rank };
      }
    }
    look(first, core.lead);
    look(last, core.lead + size - 1);
    return best;
  }

  // Every block holding every term, best first: [{block, score, whole, known}].
  // A block naming what the query names (a known item: a document by its
  // symbol or title, an instrument by its number or title, a heading or an
  // agenda item by its words) comes first, by how much of its name the
  // query covers, then the newest document first; then the blocks holding
  // the whole query (its terms side by side), then by BM25, then in
  // document order.
  Engine.prototype.search = function (query) {
    var self = this;
    return this.ready().then(function () {
      var planned = self.plan(query);
      if (!planned.terms.length) return { terms: [], hits: [] };
      return Promise.all(planned.phrases.map(function (toks) { return self.phrase(toks); })).then(function (found) {
        // The marks of names, only where they can name a hit: the whole
        // query's when blocks hold it whole, else each term's.
        var count = planned.terms.length;
        var some = found.slice(0, count).every(function (f) { return f.blocks.length; });
        var wanted = planned.phrases.map(function (toks, k) {
          var core = nameCore(toks);
          var needed = some && (count === 1 || (k === count) === (found[count].blocks.length > 0));
          return core && needed ? nameMarks(core) : null;
        });
        return Promise.all(wanted.map(function (units) {
          return units ? Promise.all(units.map(function (u) { return self.unit(u); })) : [NONE, NONE];
        })).then(function (marks) { return self.rank(planned, found, marks); });
      });
    });
  };

  Engine.prototype.rank = function (planned, found, marks) {
    var self = this, count = planned.terms.length;
    var termHits = found.slice(0, count);
    var whole = count > 1 ? found[found.length - 1] : null;
    var cores = planned.phrases.map(nameCore);
    var base = 0;
    termHits.forEach(function (t, k) { if (t.blocks.length < termHits[base].blocks.length) base = k; });
    var at = termHits.map(function () { return 0; }), wholeAt = 0, hits = [];
    var main = termHits[base];
    for (var i = 0; i < main.blocks.length; i++) {
      var block = main.blocks[i], score = 0, where = [], k;
      for (k = 0; k < termHits.length; k++) {
        var t = termHits[k], j = k === base ? i : (at[k] = seek(t, at[k], block));
        if (t.blocks[j] !== block) break;
        score += t.scores[j];
        where.push(j);
      }
      if (k < termHits.length) continue;
      var holdsWhole = true;
      if (whole) {
        wholeAt = seek(whole, wholeAt, block);
        holdsWhole = whole.blocks[wholeAt] === block;
      }
      // Named as a whole query, or term by term (决议 11/4: every term a
      // name's start or end in the block, their shares averaged).
      var known = { cover: 0, rank: 0, whole: 0 };
      if (whole && holdsWhole && cores[count]) {
        known = naming(block, cores[count], whole.starts && whole.starts[wholeAt], marks[count][0], marks[count][1]);
        known.whole = 1;
      }
      var shares = 0, rank = 0;
      for (k = 0; k < count; k++) {
        var got = cores[k] ? naming(block, cores[k], termHits[k].starts && termHits[k].starts[where[k]],
          marks[k][0], marks[k][1]) : { cover: 0, rank: 0 };
        if (!got.cover) break;
        shares += got.cover;
        rank = Math.max(rank, got.rank);
      }
      if (k === count && shares / count > known.cover) known = { cover: shares / count, rank: rank, whole: 0 };
      hits.push({ block: block, score: score + (whole && holdsWhole ? TIER : 0), whole: holdsWhole,
                  known: Math.round(known.cover * 1e9) / 1e9, rank: known.rank, named: known.whole });
    }
    var newest = function (hit) { return self.manifest.pages[self.pageOf(hit.block)][2] || 0; };
    // Named as well: a name the query spells whole (its terms side by side)
    // before one its terms each begin or end; then the newest document's.
    function named(a, b) {
      return b.known - a.known || b.named - a.named || newest(a) - newest(b) || b.rank - a.rank;
    }
    hits.sort(function (a, b) {
      if (a.known && b.known) return named(a, b) || a.block - b.block;
      if (a.known || b.known) return a.known ? -1 : 1;
      return b.score - a.score || a.block - b.block;
    });
    // Scores that keep that order, equal for the equally named: Material
    // shows a page's results that score as its best, and folds the others.
    var level = 0;
    for (var h = hits.length - 1; h >= 0 && hits[h]; h--) {
      if (!hits[h].known) continue;
      if (h < hits.length - 1 && hits[h + 1].known && named(hits[h], hits[h + 1]) < 0) level++;
      hits[h].score = KNOWN + level;
    }
    return { terms: planned.terms, hits: hits };
  };

  /* ---- The nearest phrases, for a query with no match -------------------- */

  var SUGGESTIONS = 3, NEAR_TOKENS = 12, NEAR_TEXTS = 48, NEAR_SPOTS = 12;
  // The kinds of difference, nearest first: one token changed, one put in,
  // two swapped, one left out (never at the ends: a phrase cut short is no
  // nearer than its whole).
  var CHANGED = 0, PUT_IN = 1, SWAPPED = 2, LEFT_OUT = 3;

  // Where a phrase stands: [{block, at}] (``at``: its first token), from
  // phrase()'s blocks and starts; a single token's places are unknown.
  function places(found) {
    var out = [];
    if (!found.starts) return out;
    found.blocks.forEach(function (block, i) {
      found.starts[i].forEach(function (at) { out.push({ block: block, at: at }); });
    });
    return out;
  }

  function sameTokens(a, b) {
    return a.length === b.length && a.every(function (t, i) { return t === b[i]; });
  }

  // Phrases the collection holds that differ from ``toks`` by one token,
  // nearest first, then the most often found: [{tokens, blocks, place}]
  // (``place``: where one stands, to print it as the text does). What
  // stands where a token was changed or put in is read in the text of at
  // most NEAR_TEXTS blocks, NEAR_SPOTS for each way of changing it.
  Engine.prototype.near = function (toks) {
    var self = this, k = toks.length, found = new Map(), reads = [];
    if (k < 2 || k > NEAR_TOKENS) return Promise.resolve([]);
    function note(variant, kind, blocks, place) {
      var key = variant.join(PAIR_JOIN);
      if (sameTokens(variant, toks)) return;
      var seen = found.get(key);
      if (!seen) found.set(key, seen = { tokens: variant, kind: kind, blocks: new Set(), place: place });
      seen.kind = Math.min(seen.kind, kind);
      blocks.forEach(function (b) { seen.blocks.add(b); });
    }
    var whole = [];
    for (var i = 0; i < k - 1; i++) {
      if (i > 0 && k > 2) whole.push({ tokens: toks.slice(0, i).concat(toks.slice(i + 1)), kind: LEFT_OUT });
      if (toks[i] !== toks[i + 1]) {
        whole.push({ tokens: toks.slice(0, i).concat([toks[i + 1], toks[i]], toks.slice(i + 2)), kind: SWAPPED });
      }
    }
    // One changed (at j) or put in (before j): what stands before and after
    // it is known; the side of two tokens or more says where to look.
    var around = [];
    for (var j = 0; j < k; j++) {
      around.push({ left: toks.slice(0, j), right: toks.slice(j + 1), size: k, kind: CHANGED });
      if (j > 0) around.push({ left: toks.slice(0, j), right: toks.slice(j), size: k + 1, kind: PUT_IN });
    }
    around = around.filter(function (a) { return a.left.length + a.right.length > 1; });
    var lookups = whole.map(function (w) {
      return self.phrase(w.tokens).then(function (f) {
        if (f.blocks.length) note(w.tokens, w.kind, f.blocks, places(f)[0] || { block: f.blocks[0], at: -1 });
      });
    });
    around.forEach(function (a) {
      var gap = a.size - a.left.length - a.right.length; // the tokens between the two sides
      var sided = a.left.length > 1 || a.right.length > 1;
      lookups.push(Promise.all([a.left.length ? self.phrase(a.left) : null,
                                a.right.length ? self.phrase(a.right) : null]).then(function (sides) {
        // A side of one token says only which blocks hold it.
        var lefts = a.left.length > 1 && places(sides[0]), rights = a.right.length > 1 && places(sides[1]), spots;
        var holding = [sides[0], sides[1]].filter(function (f, i) { return f && [a.left, a.right][i].length === 1; })
          .map(function (f) { return new Set(f.blocks); });
        if (!sided) {
          // Two single tokens (whose places the index does not keep): the
          // blocks holding both, read whole.
          spots = sides[0].blocks.map(function (b) { return { block: b, at: -1 }; });
        } else if (lefts && rights) {
          var wanted = new Set(rights.map(function (r) { return r.block + ":" + r.at; }));
          spots = lefts.filter(function (l) { return wanted.has(l.block + ":" + (l.at + a.left.length + gap)); });
        } else if (lefts) {
          spots = lefts;
        } else {
          spots = rights.map(function (r) { return { block: r.block, at: r.at - gap - a.left.length }; })
            .filter(function (r) { return r.at >= 0; });
        }
        spots = spots.filter(function (spot) { return holding.every(function (h) { return h.has(spot.block); }); });
        spots.slice(0, NEAR_SPOTS).forEach(function (spot) { reads.push({ spot: spot, around: a }); });
      }));
    });
    return Promise.all(lookups).then(function () {
      reads.sort(function (x, y) { return x.around.kind - y.around.kind; });
      // At most NEAR_TEXTS blocks read (a spot in a block read already is free).
      var picked = [], blocks = new Set();
      reads.forEach(function (r) {
        if (blocks.has(r.spot.block) || blocks.size < NEAR_TEXTS) {
          blocks.add(r.spot.block);
          picked.push(r);
        }
      });
      return Promise.all(picked.map(function (r) { return self.text(r.spot.block); })).then(function (texts) {
        picked.forEach(function (r, n) {
          var a = r.around, all = tokenSpans(texts[n].text).map(function (t) { return t[0]; });
          var starts = r.spot.at >= 0 ? [r.spot.at] : all.map(function (_, at) { return at; });
          starts.forEach(function (at) {
            var variant = all.slice(at, at + a.size);
            if (variant.length === a.size && sameTokens(variant.slice(0, a.left.length), a.left) &&
                sameTokens(variant.slice(a.size - a.right.length), a.right)) {
              note(variant, a.kind, [r.spot.block], { block: r.spot.block, at: at });
            }
          });
        });
        // How often each of the nearest stands in the whole collection.
        var nearest = Array.from(found.values()).sort(function (x, y) { return x.kind - y.kind; })
          .slice(0, 2 * SUGGESTIONS);
        return Promise.all(nearest.map(function (n) { return self.phrase(n.tokens); })).then(function (counted) {
          nearest.forEach(function (n, i) { n.count = counted[i].blocks.length; });
          return nearest.filter(function (n) { return n.count > 0; }).sort(function (x, y) {
            return x.kind - y.kind || y.count - x.count || (x.tokens.join(PAIR_JOIN) < y.tokens.join(PAIR_JOIN) ? -1 : 1);
          });
        });
      });
    });
  };

  // At most SUGGESTIONS queries near ``query`` that the collection holds,
  // each as the text prints it: for a query with no match. The term that
  // no block holds is mended (the nearest phrases of it); when every term
  // is found, but never all together, each term alone is offered.
  Engine.prototype.suggest = function (query) {
    var self = this;
    return this.ready().then(function () {
      var terms = queryTerms(query);
      if (!terms.length) return [];
      return Promise.all(terms.map(function (t) { return self.phrase(t.tokens); })).then(function (found) {
        var missing = found.findIndex(function (f) { return !f.blocks.length; });
        if (missing === -1) {
          return terms.length > 1 ? terms.slice(0, SUGGESTIONS).map(function (t) { return t.text; }) : [];
        }
        return self.near(terms[missing].tokens).then(function (near) {
          var chosen = near.slice(0, SUGGESTIONS);
          return Promise.all(chosen.map(function (n) { return self.printed(n); })).then(function (printed) {
            return printed.map(function (text) {
              return terms.map(function (t, i) { return i === missing ? text : t.text; }).join(" ");
            });
          });
        });
      });
    });
  };

  // A phrase as the text prints it, where one of its places is.
  Engine.prototype.printed = function (near) {
    var self = this, size = near.tokens.length;
    return this.text(near.place.block).then(function (shown) {
      var spans = tokenSpans(shown.text), at = near.place.at;
      if (at < 0) {
        for (at = 0; at + size <= spans.length; at++) {
          var k = 0;
          while (k < size && spans[at + k][0] === near.tokens[k]) k++;
          if (k === size) break;
        }
      }
      if (at + size > spans.length) return near.tokens.join("");
      // As printed, but for a line's break between two Han characters.
      return shown.text.slice(spans[at][1], spans[at + size - 1][2])
        .replace(new RegExp("([" + HAN + "])[" + SPACE + "]+(?=[" + HAN + "])", "gu"), "$1");
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

  // What results show of a block: {location, title, text}; a page's own
  // entry from the file of page entries.
  Engine.prototype.text = function (block) {
    var self = this, page = this.pageOf(block), path = this.pagePath(page);
    if (this.manifest.pages[page][1] === block) {
      var run = this.manifest.page_run;
      return this.file("p/" + Math.floor(page / run)).then(function (data) {
        var row = data.rows[page % run];
        return { location: path, title: row[0], text: row[1] };
      });
    }
    return this.file(this.textFile(block)).then(function (data) {
      var row = data.rows[block % self.manifest.text_run];
      return { location: path + (row[0] ? "#" + row[0] : ""), title: data.titles[row[1]], text: row[2] };
    });
  };

  /* ---- Material's result list ------------------------------------------ */

  // Pages whose text comes with the answer: what the top of the list shows
  // (the others are filled as they come into view, search-more.js).
  var FIRST_PAGES = 3;

  function placeholder(tag, file, row) {
    return "<" + tag + ' class="untoc-more" data-file="' + file + '" data-row="' + row + '"></' + tag + ">";
  }

  // A result's link: its location with the terms to mark on the page it
  // opens (?h=, read by search-landing.js), before the #id. (Material's own
  // "search.highlight" would add them and mark the page by a matcher of its
  // own; the site leaves it off.)
  function linkTo(location, words) {
    var at = location.indexOf("#"), path = at === -1 ? location : location.slice(0, at);
    var params = new URLSearchParams();
    params.set("h", words.join(" "));
    return path + "?" + params.toString() + (at === -1 ? "" : location.slice(at));
  }

  // The highlight terms of a hit: the whole query where the block holds it.
  function termsOf(result, hit) {
    var terms = {};
    if (hit.whole && result.terms.length > 1) {
      terms[result.terms.map(function (t) { return t.text; }).join(" ")] = true;
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
              return { location: linkTo(known.location, words), title: known.title,
                       text: "<p>" + highlight(known.text, words) + "</p>", score: score, terms: terms };
            }
            var run = self.manifest.page_run, entry = block === first;
            var file = entry ? "p/" + Math.floor(page / run) : self.textFile(block);
            var row = entry ? page % run : block % self.manifest.text_run;
            // A section's location keeps its "#" so that Material does not
            // take it for the page's own entry; search-more.js sets the id.
            return { location: linkTo(path + (block === first ? "" : "#"), words), title: placeholder("span", file, row),
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
    tokenSpans: tokenSpans, findRanges: findRanges, holds: holds, highlight: highlight, readScript: readScript,
    loaderFor: loaderFor, loadManifest: loadManifest, loadFold: loadFold, useFold: useFold, Engine: Engine
  };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.UntocSearch = api;
})(typeof self !== "undefined" ? self : this);
