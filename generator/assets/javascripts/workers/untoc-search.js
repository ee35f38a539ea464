/* The search worker of the site, in Material's worker protocol.
 *
 * Material's bundle starts the worker named in the page's config (see
 * overrides/main.html) and sends it SETUP with the index's config and docs,
 * then QUERY messages; it expects READY, then one RESULT per query:
 * {items: [[article, section, ...], ...]}, one list per page, sorted by
 * score, each item {location, title, text, score, terms}.
 *
 * Two cases, told apart by config.shards (written by generator/shards.py):
 *
 * - From file:// Material's bundle loads search_index.js, the whole index
 *   (no config.shards). Material's own worker, loaded below with
 *   importScripts, answers every message exactly as it would on its own:
 *   this file only steps aside.
 * - Over http search_index.json is a small manifest (config.shards) and
 *   this worker answers: it fetches, per query, the lexicon shards that
 *   segmenting the query's Han runs needs, the postings of the query's
 *   clauses, then the metadata of the pages it shows first. The query is
 *   transformed and parsed by Material's and lunr's own code (ported
 *   functions below, lunr from Material's worker), and scored as lunr
 *   scores it: each term's weight per entry, already divided by the
 *   entry's field lengths, is summed over the clause's terms (see
 *   generator/shards.py, its docstring).
 *
 * Sections in a page's closed "more" list get a placeholder instead of
 * their text (search-more.js fetches it when the list is opened), and pages
 * beyond the first ten are listed with their title only: a query fetches
 * the text of what is shown.
 *
 * Not mirrored over http (all rare in this corpus): edit distance (term~1
 * is searched as term), a leading wildcard typed by the reader (*word is
 * left out), a query of prohibited terms only (-word gives no results).
 */
(function () {
  "use strict";

  // Material 9.8.1's worker, beside this file (a test checks it exists).
  var MATERIAL_WORKER = "search.a7633da7.min.js";
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var FIRST_PAGES = 10; // Material renders ten result items before scrolling

  // Under the iframe-worker shim (file://) this runs as a page script, and
  // relative URLs would resolve against the page that started it.
  var here = (typeof document !== "undefined" && document.currentScript && document.currentScript.src) ||
    self.location.href;
  var mode = null; // "material" or "shards", set by SETUP
  var materialReady = false;
  var manifest = null;
  var latest = 0;
  var files = new Map();

  // Registered before Material's worker runs, so this listener sees each
  // message first and can keep Material's from answering over http.
  addEventListener("message", onMessage);
  var loading = importScripts(new URL(MATERIAL_WORKER, here).href);
  if (loading && typeof loading.then === "function") {
    loading.then(function () { materialReady = true; });
  } else {
    materialReady = true;
  }

  function onMessage(ev) {
    var message = ev.data || {};
    if (mode === "material") return;
    if (message.type === SETUP && !(message.data && message.data.config && message.data.config.shards)) {
      mode = "material";
      if (!materialReady) {
        // The shim loads scripts asynchronously: hand SETUP over once
        // Material's listener exists.
        ev.stopImmediatePropagation();
        loading.then(function () { dispatchEvent(new MessageEvent("message", { data: message })); });
      }
      return;
    }
    ev.stopImmediatePropagation();
    if (message.type === SETUP) {
      mode = "shards";
      manifest = message.data.config.shards;
      manifest.aggregatedSet = new Set(manifest.aggregated ? manifest.aggregated.split(" ") : []);
      manifest.fields = Object.keys(message.data.config.fields);
      // lunr's parser splits query terms with this, as Material sets it.
      lunr.tokenizer.separator = new RegExp(message.data.config.separator);
      postMessage({ type: READY });
    } else if (message.type === QUERY && mode === "shards") {
      var seq = ++latest;
      search(String(message.data)).then(function (data) {
        if (seq === latest) postMessage({ type: RESULT, data: data });
      }, function (err) {
        console.warn("Search failed: " + message.data, err);
        if (seq === latest) postMessage({ type: RESULT, data: { items: [] } });
      });
    }
  }

  /* ---- Files --------------------------------------------------------- */

  function load(path) {
    var pending = files.get(path);
    if (!pending) {
      pending = fetch(new URL("../../../search/" + path, here).href).then(function (response) {
        if (!response.ok) throw new Error(path + ": HTTP " + response.status);
        return response.json();
      });
      pending.catch(function () { files.delete(path); });
      files.set(path, pending);
    }
    return pending;
  }

  function loadAll(paths) {
    var list = Array.from(paths);
    return Promise.all(list.map(load)).then(function (values) {
      var out = new Map();
      list.forEach(function (p, i) { out.set(p, values[i]); });
      return out;
    });
  }

  // Index of the last chunk whose first key sorts at or before key, -1 if none.
  function lastAtMost(firsts, key) {
    var lo = 0, hi = firsts.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (firsts[mid] <= key) lo = mid + 1; else hi = mid;
    }
    return lo - 1;
  }

  function rangeChunks(firsts, prefix) {
    var lo = Math.max(lastAtMost(firsts, prefix), 0), hi = lastAtMost(firsts, prefix + "\uffff"), out = [];
    for (var i = lo; i <= hi; i++) out.push(i);
    return out;
  }

  /* ---- Material's query handling (ported from its TypeScript) -------- */

  function split(input, separator, fn) {
    separator = new RegExp(separator, "g");
    var match, index = 0;
    do {
      match = separator.exec(input);
      var until = match ? match.index : input.length;
      if (index < until) fn(index, until);
      if (match) {
        index = match.index + match[0].length;
        if (match[0].length === 0) separator.lastIndex = match.index + 1;
      }
    } while (match);
  }

  function segment(query, index) {
    var segments = new Set();
    var wordcuts = new Uint16Array(query.length);
    for (var i = 0; i < query.length; i++)
      for (var j = i + 1; j < query.length; j++)
        if (index.has(query.slice(i, j))) wordcuts[i] = j - i;
    var stack = [0];
    for (var s = stack.length; s > 0;) {
      var p = stack[--s];
      for (var q = 1; q < wordcuts[p]; q++)
        if (wordcuts[p + q] > wordcuts[p] - q) {
          segments.add(query.slice(p, p + q));
          stack[s++] = p + q;
        }
      var r = p + wordcuts[p];
      if (wordcuts[r] && r < query.length - 1) stack[s++] = r;
      segments.add(query.slice(p, r));
    }
    if (segments.has("")) return new Set([query]);
    return segments;
  }

  function transform(query, fn) {
    return query
      .trim()
      .split(/"([^"]+)"/g)
      .map(function (parts, index) {
        return index & 1 ? parts.replace(/^\b|^(?![^\x00-\x7F]|$)|\s+/g, " +") : parts;
      })
      .join("")
      .replace(/"|(?:^|\s+)[*+\-:^~]+(?=\s+|$)/g, "")
      .split(/\s+/g)
      .reduce(function (prev, term) {
        var next = fn(term);
        return prev.concat(Array.isArray(next) ? next : [next]);
      }, [])
      .map(function (term) { return /([~^]$)/.test(term) ? term + "1" : term; })
      .map(function (term) { return /(^[+-]|[~^]\d+$)/.test(term) ? term : term + "*"; })
      .join(" ");
  }

  function transformSearchQuery(query) {
    return transform(query, function (part) {
      var terms = [];
      var lexer = new lunr.QueryLexer(part);
      lexer.run();
      lexer.lexemes.forEach(function (lexeme) {
        if (lexeme.type === "FIELD") {
          if (["title", "text", "tags"].indexOf(lexeme.str) === -1)
            part = [part.slice(0, lexeme.end), " ", part.slice(lexeme.end + 1)].join("");
        } else if (lexeme.type === "TERM") {
          split(lexeme.str, lunr.tokenizer.separator, function (a, b) {
            terms.push([part.slice(0, lexeme.start), lexeme.str.slice(a, b), part.slice(lexeme.end)].join(""));
          });
        }
      });
      return terms;
    });
  }

  function parseSearchQuery(value) {
    var query = new lunr.Query(["title", "text", "tags"]);
    new lunr.QueryParser(value, query).parse();
    query.clauses.forEach(function (clause) {
      clause.usePipeline = true;
      if (clause.term.startsWith("*")) {
        clause.wildcard = lunr.Query.wildcard.LEADING;
        clause.term = clause.term.slice(1);
      }
      if (clause.term.endsWith("*")) {
        clause.wildcard = lunr.Query.wildcard.TRAILING;
        clause.term = clause.term.slice(0, -1);
      }
    });
    return query.clauses;
  }

  /* ---- Clauses against the shards ------------------------------------ */

  // What a lunr clause term (a glob: * is any text) needs and matches.
  function plan(term) {
    var prefix = term.split("*", 1)[0];
    if (!prefix) return /^\*+$/.test(term) ? { every: true, files: ["every.json"] } : { files: [] };
    if (term.indexOf("*") === -1) {
      var i = lastAtMost(manifest.terms, term);
      return { exact: term, files: i >= 0 ? ["t/" + i + ".json"] : [] };
    }
    var rest = term.slice(prefix.length);
    if (/^\*+$/.test(rest) && manifest.aggregatedSet.has(prefix))
      return { aggregate: prefix, files: ["a/" + lastAtMost(manifest.aggregates, prefix) + ".json"] };
    var glob = /^\*+$/.test(rest) ? null
      : new RegExp("^" + term.split("*").map(function (s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join(".*") + "$");
    return {
      prefix: prefix, glob: glob,
      files: rangeChunks(manifest.terms, prefix).map(function (i) { return "t/" + i + ".json"; })
    };
  }

  // What one planned clause matches: entry -> summed weight (integers,
  // thousandths), and the terms it expands to, as a list or as a prefix
  // with a count (aggregates; "" with every term for "**").
  function matches(step, data) {
    var out = new Map(), terms = [];
    function add(flat) {
      var entry = 0;
      for (var k = 0; k < flat.length; k += 2) {
        entry += flat[k];
        out.set(entry, (out.get(entry) || 0) + flat[k + 1]);
      }
    }
    if (step.every) {
      add(data.get("every.json"));
      return { entries: out, prefix: "", count: manifest.count };
    }
    if (step.aggregate !== undefined) {
      var agg = data.get(step.files[0])[step.aggregate];
      add(agg[1]);
      return { entries: out, prefix: step.aggregate, count: agg[0] };
    }
    if (step.exact !== undefined) {
      var flat = step.files.length ? data.get(step.files[0])[step.exact] : undefined;
      if (flat) {
        add(flat);
        terms.push(step.exact);
      }
    } else {
      var lists = new Map();
      step.files.forEach(function (path) {
        var chunk = data.get(path);
        Object.keys(chunk).forEach(function (t) {
          if (t.startsWith(step.prefix) && (!step.glob || step.glob.test(t))) lists.set(t, chunk[t]);
        });
      });
      terms = Array.from(lists.keys()).sort(lunrOrder);
      terms.forEach(function (t) { add(lists.get(t)); });
    }
    return { entries: out, terms: terms };
  }

  // The order lunr lists a clause's terms in (its automaton walked depth
  // first, a node's edges last to first, digit edges first as object
  // keys): entries met earlier rank first among equal scores.
  function lunrRank(unit) { return unit >= 0x30 && unit <= 0x39 ? unit - 0x10000 : unit; }
  function lunrOrder(a, b) {
    for (var i = 0; i < a.length && i < b.length; i++) {
      var x = a.charCodeAt(i), y = b.charCodeAt(i);
      if (x !== y) return lunrRank(y) - lunrRank(x);
    }
    return a.length - b.length;
  }

  // How many terms two clauses share: lunr's query vector counts a term
  // once per clause that expands to it.
  function shared(a, b) {
    if (a.terms && b.terms) {
      var set = new Set(b.terms);
      return a.terms.filter(function (t) { return set.has(t); }).length;
    }
    if (a.terms) return a.terms.filter(function (t) { return t.startsWith(b.prefix); }).length;
    if (b.terms) return shared(b, a);
    if (a.prefix.startsWith(b.prefix)) return a.count;
    if (b.prefix.startsWith(a.prefix)) return b.count;
    return 0;
  }

  function stem(term) {
    var token = lunr.stemmer(new lunr.Token(term, {}));
    return token === undefined || token === null ? "" : token.toString();
  }

  function pageOf(entry) {
    var lo = 0, hi = manifest.pages.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (manifest.pages[mid][2] <= entry) lo = mid + 1; else hi = mid;
    }
    return lo - 1;
  }

  function escapeHTML(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function highlighter(words) {
    words = words.filter(function (w) { return w && w.indexOf("*") === -1; })
      .sort(function (a, b) { return b.length - a.length; });
    if (!words.length) return function (text) { return "<p>" + escapeHTML(text) + "</p>"; };
    var pattern = new RegExp("(" + words.map(function (w) {
      return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("|") + ")", "gi");
    return function (text) {
      return "<p>" + text.split(pattern).map(function (piece, i) {
        return i & 1 ? "<mark>" + escapeHTML(piece) + "</mark>" : escapeHTML(piece);
      }).join("") + "</p>";
    };
  }

  function search(input) {
    var runs = input.match(/\p{sc=Han}+/gu) || [];
    var lexicon = new Set();
    runs.forEach(function (run) {
      for (var i = 0; i < run.length; i++)
        for (var j = i + 1; j < run.length; j++) {
          var c = lastAtMost(manifest.lexicon, run.slice(i, j));
          if (c >= 0) lexicon.add("l/" + c + ".json");
        }
    });
    return loadAll(lexicon).then(function (lists) {
      var known = new Set();
      lists.forEach(function (list) { list.forEach(function (t) { known.add(t); }); });
      var query = input.replace(/\p{sc=Han}+/gu, function (value) {
        return Array.from(segment(value, known)).join("* ");
      });
      query = transformSearchQuery(query);
      if (!query) return { items: [] };
      var shown = parseSearchQuery(query).filter(function (c) {
        return c.presence !== lunr.Query.presence.PROHIBITED;
      });
      // lunr's own parse of the same string, as lunr.Index.search does.
      var parsed = new lunr.Query(manifest.fields);
      new lunr.QueryParser(query, parsed).parse();
      var steps = [];
      parsed.clauses.forEach(function (clause) {
        var term = clause.usePipeline ? stem(clause.term) : clause.term;
        if (term) steps.push({ clause: clause, plan: plan(term) });
      });
      var needed = new Set();
      steps.forEach(function (s) { s.plan.files.forEach(function (f) { needed.add(f); }); });
      return loadAll(needed).then(function (data) { return rank(steps, data, shown); });
    });
  }

  function rank(steps, data, shown) {
    var scores = new Map(); // entry -> sum of boost * weight, in first-match order
    var required = null, prohibited = new Set(), matchedBy = [], scored = [];
    steps.forEach(function (step) {
      var found = matches(step.plan, data), presence = step.clause.presence;
      if (presence === lunr.Query.presence.PROHIBITED) {
        found.entries.forEach(function (_, e) { prohibited.add(e); });
        return;
      }
      if (presence === lunr.Query.presence.REQUIRED) {
        var next = new Set();
        found.entries.forEach(function (_, e) { if (!required || required.has(e)) next.add(e); });
        required = next;
      }
      matchedBy.push(found.entries);
      scored.push({ boost: step.clause.boost, found: found });
      found.entries.forEach(function (w, e) {
        scores.set(e, (scores.get(e) || 0) + step.clause.boost * w);
      });
    });
    // |q|: the query vector has, per term, the sum of the boosts of the
    // clauses expanding to it.
    var squares = 0;
    scored.forEach(function (a) {
      scored.forEach(function (b) { squares += a.boost * b.boost * shared(a.found, b.found); });
    });
    var norm = Math.sqrt(squares) * manifest.scale;
    scores.forEach(function (sum, e) { scores.set(e, sum / norm || 0); });
    var results = [];
    scores.forEach(function (score, e) {
      if ((!required || required.has(e)) && !prohibited.has(e)) results.push({ entry: e, score: score });
    });
    results.sort(function (a, b) { return b.score - a.score; });

    // Material's adjustments: the share of query terms found, and the
    // page entry (the "article") counted as found once more.
    results.forEach(function (r) {
      var terms = {};
      shown.forEach(function (clause, i) {
        if (matchedBy[i] && matchedBy[i].has(r.entry) && clause.term.indexOf("*") === -1) terms[clause.term] = true;
      });
      shown.forEach(function (clause) {
        if (!(clause.term in terms) && lunr.stopWordFilter && lunr.stopWordFilter(clause.term))
          terms[clause.term] = false;
      });
      var page = pageOf(r.entry);
      r.page = page;
      r.article = manifest.pages[page][2] === r.entry;
      r.terms = terms;
      var values = Object.keys(terms).map(function (k) { return terms[k]; });
      var boost = +r.article + values.filter(Boolean).length / values.length;
      r.score = r.score * (1 + Math.pow(boost, 2));
    });
    results.sort(function (a, b) { return b.score - a.score; });
    var groups = new Map();
    results.forEach(function (r) {
      if (!groups.has(r.page)) groups.set(r.page, []);
      groups.get(r.page).push(r);
    });
    var pages = Array.from(groups.keys());
    // The text of the first pages listed: the file of each page's own entry
    // (its "article") and those of the sections Material shows open, the
    // ones scoring as well as the page's best. The others go into a closed
    // "more" list: they get a placeholder naming their file, which
    // search-more.js fills when the reader opens the list.
    var size = manifest.meta_entries, needed = new Set();
    function metaFile(page, entry) {
      return "m/" + page + "-" + Math.floor((entry - manifest.pages[page][2]) / size) + ".json";
    }
    function open(group, r) { return r.article || !(r.score < group[0].score); }
    pages.slice(0, FIRST_PAGES).forEach(function (page) {
      var group = groups.get(page);
      needed.add(metaFile(page, manifest.pages[page][2]));
      group.forEach(function (r) { if (open(group, r)) needed.add(metaFile(page, r.entry)); });
    });
    return loadAll(needed).then(function (meta) {
      var items = pages.map(function (page, n) {
        var group = groups.get(page), info = manifest.pages[page];
        if (n >= FIRST_PAGES) {
          return [{ location: info[0], title: info[1], text: "", score: group[0].score, terms: group[0].terms }];
        }
        function item(r, score, terms, shown) {
          var file = metaFile(page, r), row = (r - info[2]) % size, m = meta.get(file);
          if (!shown) {
            // "#" keeps Material from taking it for the page's own entry;
            // search-more.js sets the element's id there.
            return { location: info[0] + "#", title: "",
                     text: '<p class="untoc-more" data-meta="' + file + '" data-row="' + row + '"></p>',
                     score: score, terms: terms };
          }
          var entry = m.entries[row];
          var location = entry[0] ? info[0] + "#" + entry[0] : info[0];
          var mark = highlighter(Object.keys(terms).filter(function (t) { return terms[t]; }));
          return { location: location, title: m.titles[entry[1]], text: mark(entry[2]), score: score, terms: terms };
        }
        var list = group.map(function (r) { return item(r.entry, r.score, r.terms, open(group, r)); });
        if (!group.some(function (r) { return r.article; })) list.push(item(info[2], 0, {}, true));
        return list;
      });
      return { items: items };
    });
  }
})();
