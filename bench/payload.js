/* What the search engine loads to answer each query, measured by running
 * the engine itself (generator/assets/javascripts/untoc-search-engine.js)
 * over a built site's search folder, with a loader that reads the files
 * from disk and counts their bytes.
 *
 *   node bench/payload.js SITE_DIR '["query", ...]'
 *
 * Prints one JSON object: {query: {files: [...], bytes: n}}, where the files
 * are the manifest, the unit shards and the text files of what Material
 * shows at the top of its list (the first pages the worker loads the text of;
 * the browser loads the others' text as they come into view), as the worker
 * loads them.
 */
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const search = require(path.join(__dirname, "..", "generator/assets/javascripts/untoc-search-engine.js"));

async function main() {
  const [site, queriesJson] = process.argv.slice(2);
  const folder = path.join(site, "search");
  const manifestFile = path.join(folder, "search_index.json");
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf-8")).config.engine;
  const out = {};
  for (const query of JSON.parse(queriesJson)) {
    const files = ["search_index.json"];
    let bytes = fs.statSync(manifestFile).size;
    const engine = new search.Engine(manifest, (name) => {
      const file = path.join(folder, name + ".js");
      files.push(name + ".js");
      bytes += fs.statSync(file).size;
      return Promise.resolve(search.readScript(fs.readFileSync(file, "utf-8")));
    });
    const started = process.hrtime.bigint();
    const result = await engine.materialResult(query);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    out[query] = { files, bytes, pages: result.items.length, ms };
  }
  process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((err) => { console.error(err); process.exit(1); });
