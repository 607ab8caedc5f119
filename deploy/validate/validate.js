#!/usr/bin/env node
// Validates every object of the given Kubernetes YAML files against the Kubernetes OpenAPI schemas
// shipped by kubernetes-models (the JSON schemas of the API types, checked with ajv). No cluster is
// needed, nor reached. Exits 1 with one line per problem, 0 when every object is valid.
//   node validate.js ../kubernetes/gatehouse.yaml [more.yaml ...]
"use strict";
const fs = require("fs");
const YAML = require("yaml");

function modelFor(apiVersion, kind) {
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    throw new Error("apiVersion and kind must be strings");
  }
  // "v1" is the core group (kubernetes-models/v1/...), "apps/v1" -> kubernetes-models/apps/v1/...
  if (!/^([a-z0-9.-]+\/)?v[0-9]+((alpha|beta)[0-9]+)?$/.test(apiVersion) || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) {
    throw new Error(`unsupported apiVersion/kind ${apiVersion} ${kind}`);
  }
  let mod;
  try {
    mod = require(`kubernetes-models/${apiVersion}/${kind}`);
  } catch (e) {
    throw new Error(`unknown apiVersion/kind ${apiVersion} ${kind}`);
  }
  const Model = mod[kind];
  if (typeof Model !== "function") throw new Error(`unknown apiVersion/kind ${apiVersion} ${kind}`);
  return Model;
}

function describe(err) {
  // ajv errors carry instancePath and message; kubernetes-models throws one ValidationError with them.
  if (Array.isArray(err.errors) && err.errors.length) {
    return err.errors.map((e) => `${e.instancePath || "/"} ${e.message}${e.params && e.params.additionalProperty ? ` (${e.params.additionalProperty})` : ""}`).join("; ");
  }
  return err.message;
}

// Beyond the schema (which, like the API server's, lets unknown fields through): the rules every
// Gatehouse manifest keeps, so that a misspelt probe or a secret in plain text fails too.
const TOP_LEVEL = new Set(["apiVersion", "kind", "metadata", "spec", "data", "stringData", "binaryData",
  "type", "immutable", "automountServiceAccountToken", "secrets", "imagePullSecrets"]);
// GATEHOUSE_KEY_ENCRYPTION_SECRET, QUARKUS_DATASOURCE_PASSWORD, ..._CREDENTIALS_SECRET, GATEHOUSE_TOKEN_SERVICE_CLIENTS
const SECRET_NAME = /(SECRET|PASSWORD|SERVICE_CLIENTS|PRIVATE_KEY)$/i;

function policy(obj) {
  const bad = [];
  for (const k of Object.keys(obj)) if (!TOP_LEVEL.has(k)) bad.push(`unknown top-level field ${k}`);
  if (obj.kind === "ConfigMap") {
    for (const k of Object.keys(obj.data || {})) {
      if (SECRET_NAME.test(k)) bad.push(`ConfigMap key ${k} looks like a secret: use a Secret and secretKeyRef`);
    }
  }
  if (obj.kind === "Deployment") {
    const pod = (obj.spec && obj.spec.template && obj.spec.template.spec) || {};
    for (const c of pod.containers || []) {
      const at = `container ${c.name}`;
      for (const [probe, path] of [["readinessProbe", "/q/health/ready"], ["livenessProbe", "/q/health/live"]]) {
        const got = c[probe] && c[probe].httpGet && c[probe].httpGet.path;
        if (got !== path) bad.push(`${at}: ${probe}.httpGet.path must be ${path} (is ${got})`);
      }
      const r = c.resources || {};
      for (const w of ["requests", "limits"]) {
        if (!r[w] || !r[w].memory || !r[w].cpu) bad.push(`${at}: resources.${w} needs cpu and memory`);
      }
      for (const e of c.env || []) {
        if (SECRET_NAME.test(e.name) && !(e.valueFrom && e.valueFrom.secretKeyRef)) {
          bad.push(`${at}: env ${e.name} must come from a secretKeyRef`);
        }
      }
    }
  }
  return bad;
}

// A Service or PodDisruptionBudget must select the pods of a Deployment of the same file.
function selects(selector, labels) {
  return Object.entries(selector || {}).length > 0
    && Object.entries(selector).every(([k, v]) => labels[k] === v);
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate.js FILE.yaml [...]");
  process.exit(2);
}
let problems = 0;
let objects = 0;
const all = [];
for (const file of files) {
  let docs;
  try {
    docs = YAML.parseAllDocuments(fs.readFileSync(file, "utf8"));
  } catch (e) {
    console.error(`${file}: cannot read: ${e.message}`);
    problems++;
    continue;
  }
  docs.forEach((doc, i) => {
    const where = `${file} document ${i + 1}`;
    if (doc.errors.length) {
      doc.errors.forEach((e) => console.error(`${where}: YAML: ${e.message}`));
      problems++;
      return;
    }
    const obj = doc.toJS();
    if (obj === null || obj === undefined) return; // an empty document (a trailing ---)
    const name = `${obj.kind || "?"}/${(obj.metadata && obj.metadata.name) || "?"}`;
    all.push({ where, name, obj });
    try {
      if (typeof obj !== "object" || Array.isArray(obj)) throw new Error("not a mapping");
      if (!obj.metadata || typeof obj.metadata.name !== "string") throw new Error("metadata.name is missing");
      const Model = modelFor(obj.apiVersion, obj.kind);
      new Model(obj).validate();
      const bad = policy(obj);
      if (bad.length) throw new Error(bad.join("; "));
      objects++;
    } catch (e) {
      console.error(`${where} (${name}): invalid: ${describe(e)}`);
      problems++;
    }
  });
}
const podLabels = all.filter((o) => o.obj && o.obj.kind === "Deployment")
  .map((o) => (((o.obj.spec || {}).template || {}).metadata || {}).labels || {});
for (const o of all) {
  if (!o.obj || typeof o.obj !== "object") continue;
  const sel = o.obj.kind === "Service" ? o.obj.spec && o.obj.spec.selector
    : o.obj.kind === "PodDisruptionBudget" ? o.obj.spec && o.obj.spec.selector && o.obj.spec.selector.matchLabels
    : undefined;
  if (sel !== undefined && !podLabels.some((l) => selects(sel, l))) {
    console.error(`${o.where} (${o.name}): invalid: its selector matches no Deployment's pods`);
    problems++;
  }
}
if (problems > 0) {
  console.error(`${problems} problem(s); ${objects} valid object(s)`);
  process.exit(1);
}
console.log(`${objects} object(s) valid`);
