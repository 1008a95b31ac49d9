#!/usr/bin/env node
// Prints the Terraform files of a directory as one JSON document (hcl2json's shape:
// {"resource": {type: {name: [body]}}, "variable": ..., "locals": [...], ...}), files merged.
// Usage: node hcl2json.js DIR
'use strict';
const fs = require('fs');
const path = require('path');
const { parse } = require('@cdktf/hcl2json');

function merge(into, from) {
  for (const [k, v] of Object.entries(from)) {
    if (Array.isArray(v)) {
      into[k] = (into[k] || []).concat(v);
    } else if (v && typeof v === 'object') {
      into[k] = merge(into[k] || {}, v);
    } else {
      into[k] = v;
    }
  }
  return into;
}

async function main() {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node hcl2json.js DIR');
    process.exit(2);
  }
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.tf')).sort();
  if (files.length === 0) {
    console.error(`no .tf files in ${dir}`);
    process.exit(2);
  }
  const out = {};
  for (const f of files) {
    merge(out, await parse(f, fs.readFileSync(path.join(dir, f), 'utf8')));
  }
  process.stdout.write(JSON.stringify(out, null, 1));
}

main().catch((e) => {
  console.error(`hcl2json: ${e.message || e}`);
  process.exit(1);
});
