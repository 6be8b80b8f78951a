// Validates deploy/kubernetes without a cluster; scripts/validate-kubernetes.sh installs what it needs
// and runs it twice: as it is, then with --self-test.
//
//   node deploy/kubernetes/validate.mjs --modules DIR [--self-test]
//
// DIR holds node_modules with kubernetes-models, @kubernetes-models/keda and yaml. Every YAML document
// under deploy/kubernetes (but testdata/, kustomizations and their generators' input files) goes
// through its model class's validate(): the JSON schema of the Kubernetes OpenAPI, or of KEDA's CRDs.
// Those schemas do not set additionalProperties, so a misspelt key passes them: validate() is given a
// proxy that records which keys the compiled schema looks up, and every key it never looked up is
// reported as unknown. Each kustomization is then rendered with `kubectl kustomize` (when kubectl is
// on the PATH; without it the checks that need a rendering are listed as not run) and the output
// validated the same way, and the promises of docs/deploying.md are checked. Any failure names the
// file, the document and the field, and the exit code is 1.
//
// --self-test runs the same checks on deploy/kubernetes/testdata, whose manifests are each broken
// one way (their "# expect:" lines say how), on copies of base/deployment.yaml with one promise broken
// each (BROKEN_PROMISES), and on a drifted copy of the routes: each must be refused with the expected
// message, so CI keeps proving that the checks bite.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, relative, resolve } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const rel = (path) => relative(repo, path);

const args = process.argv.slice(2);
const selfTest = args.includes("--self-test");
const modulesArg = args.indexOf("--modules");
const modules = modulesArg >= 0 ? args[modulesArg + 1] : process.env.GOCHANNEL_K8S_VALIDATE_DIR;
if (!modules || !existsSync(join(modules, "node_modules", "kubernetes-models", "package.json"))) {
  console.error(`validate.mjs: no kubernetes-models under ${modules ?? "(no --modules DIR given)"}/node_modules: ` +
    "run scripts/validate-kubernetes.sh, which installs it");
  process.exit(2);
}
const nodeModules = join(modules, "node_modules");
const packageVersion = (name) => JSON.parse(readFileSync(join(nodeModules, name, "package.json"), "utf8")).version;
const YAML = (await import(pathToFileURL(join(nodeModules, "yaml", "dist", "index.js")).href)).default;

// The files the docs promise things about. The ConfigMaps' default content is a copy (kustomize reads
// no file outside its directory), so these pairs must stay equal.
const COPIES = [
  ["deploy/kubernetes/base/routes/wishlist.yaml", "routes/wishlist.yaml"],
  ["deploy/kubernetes/base/config/application.properties", "config/application.properties"],
];
// A name that cannot resolve (.invalid is reserved, RFC 2606): pods fail to pull until an overlay names
// the user's registry, rather than pull whatever someone else published under a Docker Hub name.
const IMAGE = "registry.invalid/gochannel/routing-app";
const APP = "routing-app";
// The app's health endpoints answer the status only, not every check's message (docs/deploying.md).
const HEALTH_EXPOSURE = { name: "CAMEL_HEALTH_EXPOSURELEVEL", value: "oneline" };
// What each rendered kustomization must and must not hold (one autoscaler per Deployment).
const RENDERED_KINDS = {
  "deploy/kubernetes/base": { must: ["Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler"], mustNot: ["ScaledObject", "Secret"] },
  "deploy/kubernetes/overlays/keda": { must: ["Deployment", "Service", "PodDisruptionBudget", "ScaledObject"], mustNot: ["HorizontalPodAutoscaler", "Secret"] },
};

// ---- models ---------------------------------------------------------------------------------------

const MODEL_PACKAGES = ["kubernetes-models", "@kubernetes-models/keda"];
const models = new Map();

async function modelFor(apiVersion, kind) {
  const key = `${apiVersion} ${kind}`;
  if (!models.has(key)) {
    let model = null;
    if (/^[a-z0-9.-]+(\/[a-z0-9]+)?$/.test(apiVersion) && /^[A-Za-z0-9]+$/.test(kind)) {
      for (const pkg of MODEL_PACKAGES) {
        const file = join(nodeModules, pkg, ...apiVersion.split("/"), `${kind}.js`);
        if (existsSync(file)) {
          const cls = (await import(pathToFileURL(file).href))[kind];
          if (cls?.apiVersion === apiVersion && cls?.kind === kind) model = cls;
          break;
        }
      }
    }
    models.set(key, model);
  }
  return models.get(key);
}

const escape = (key) => key.replaceAll("~", "~0").replaceAll("/", "~1"); // a JSON pointer's segment

// Wraps the model in proxies that record, per object, the keys the compiled schema looked up (a
// property's check reads it whether it is there or not; a map's check enumerates it).
function tracked(value, path, records) {
  if (value === null || typeof value !== "object") return value;
  const record = { path, value, looked: new Set(), visited: false };
  records.push(record);
  const inner = Array.isArray(value) ? [] : Object.create(Object.getPrototypeOf(value));
  for (const [key, child] of Object.entries(value)) inner[key] = tracked(child, `${path}/${escape(key)}`, records);
  return new Proxy(inner, {
    get(target, key, receiver) {
      record.visited = true;
      if (typeof key === "string") record.looked.add(key);
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      record.visited = true;
      if (typeof key === "string") record.looked.add(key);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      record.visited = true;
      for (const key of Reflect.ownKeys(target)) if (typeof key === "string") record.looked.add(key);
      return Reflect.ownKeys(target);
    },
  });
}

function closest(word, candidates) {
  const distance = (a, b) => {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      let previous = row[0];
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const kept = row[j];
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
        previous = kept;
      }
    }
    return row[b.length];
  };
  let best = null;
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d <= 2 && (!best || d < best.d)) best = { candidate, d };
  }
  return best?.candidate;
}

const POD_SPEC_PATHS = {
  Pod: ["spec"],
  Deployment: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

// Problems of one document: [{path, message}], path a JSON pointer into it.
async function validateObject(object) {
  if (object === null || typeof object !== "object" || Array.isArray(object)) {
    return [{ path: "", message: "not a mapping: every document here must be a Kubernetes object" }];
  }
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    return [{ path: "", message: "apiVersion and kind are required (every document here must be a Kubernetes object)" }];
  }
  const Model = await modelFor(apiVersion, kind);
  if (!Model) {
    return [{ path: "/kind", message: `no schema for ${apiVersion} ${kind} in ${MODEL_PACKAGES.join(" or ")}: ` +
      "a misspelt apiVersion or kind, an API version these Kubernetes versions never had, or a CRD this validator does not know" }];
  }
  const problems = [];
  const records = [];
  const model = tracked(new Model(object), "", records);
  try {
    model.validate();
  } catch (error) {
    if (!Array.isArray(error.errors)) throw error;
    for (const e of error.errors) problems.push({ path: e.instancePath, message: e.message });
  }
  for (const { path, value, looked, visited } of records) {
    // Not visited: below a value the schema already refused, or below an unknown key (reported once, there).
    if (!visited || Array.isArray(value)) continue;
    for (const key of Object.keys(value)) {
      if (looked.has(key)) continue;
      const known = [...looked].filter((k) => !(k in Object.prototype) && !(k in Model.prototype) && !Object.hasOwn(value, k));
      const guess = closest(key, known);
      problems.push({ path: `${path}/${escape(key)}`, message: `unknown field "${key}"${guess ? ` (did you mean "${guess}"?)` : ""}` });
    }
  }
  // The API server requires a container's image; the OpenAPI schema leaves it optional for tools that
  // fill it in later, so the schema alone lets a Deployment without one through.
  const podSpec = POD_SPEC_PATHS[kind]?.reduce((o, k) => o?.[k], object);
  for (const list of ["initContainers", "containers"]) {
    (Array.isArray(podSpec?.[list]) ? podSpec[list] : []).forEach((container, i) => {
      if (container && typeof container === "object" && !(typeof container.image === "string" && container.image.trim())) {
        problems.push({ path: `/${POD_SPEC_PATHS[kind].join("/")}/${list}/${i}/image`,
          message: "required: the API server refuses a container without an image" });
      }
    });
  }
  return problems;
}

// ---- documents ------------------------------------------------------------------------------------

// Kubernetes reads YAML with go-yaml's 1.1 rules (yes/no/on/off are booleans): parse the same way.
function parseDocuments(text, source) {
  const lineCounter = new YAML.LineCounter();
  const documents = YAML.parseAllDocuments(text, { version: "1.1", lineCounter });
  return documents.map((document, i) => ({
    source, index: i + 1, document, lineCounter,
    errors: document.errors.map((e) => e.message.split("\n")[0]),
    object: document.errors.length ? undefined : document.toJS({ maxAliasCount: 100 }),
  })).filter((d) => d.errors.length || (d.object !== null && d.object !== undefined));
}

function lineOf(doc, pointer) {
  if (!doc.document?.contents) return undefined;
  let node = doc.document.contents;
  let line;
  const at = (offset) => doc.lineCounter.linePos(offset).line;
  if (node.range) line = at(node.range[0]);
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (YAML.isMap(node)) {
      const pair = node.items.find((p) => String(p.key?.value ?? p.key) === key);
      if (!pair) break;
      if (pair.key?.range) line = at(pair.key.range[0]);
      node = pair.value;
    } else if (YAML.isSeq(node)) {
      node = node.items[Number(key)];
      if (!node) break;
      if (node.range) line = at(node.range[0]);
    } else break;
  }
  return line;
}

function describe(doc) {
  const o = doc.object;
  const what = o && typeof o === "object" ? [o.apiVersion, o.kind, o.metadata?.name].filter(Boolean).join(" ") : "";
  return `${doc.source}, document ${doc.index}${what ? ` (${what})` : ""}`;
}

class Report {
  constructor() { this.problems = []; }
  fail(doc, path, message) {
    const line = doc?.lineCounter && path !== undefined ? lineOf(doc, path) : undefined;
    const where = doc ? `${describe(doc)}${path ? `: ${path}` : ""}${line && !doc.rendered ? ` (line ${line})` : ""}` : "";
    this.problems.push(`${where}${where ? ": " : ""}${message}`);
  }
}

async function validateDocuments(docs, report) {
  for (const doc of docs) {
    if (doc.errors.length) {
      for (const e of doc.errors) report.fail(doc, undefined, `not valid YAML: ${e}`);
      continue;
    }
    for (const { path, message } of await validateObject(doc.object)) report.fail(doc, path, message);
  }
}

// ---- what docs/deploying.md promises ----------------------------------------------------------------

function parseProperties(text) {
  const properties = {};
  for (const line of text.split("\n")) {
    const m = /^\s*([^#!\s][^=:\s]*)\s*[=:]\s*(.*?)\s*$/.exec(line);
    if (m) properties[m[1]] = m[2];
  }
  return properties;
}

// The app's shutdown after SIGTERM, in seconds: routes' exchanges in flight, then the component's flush.
function shutdownSeconds(propertiesText, source) {
  const p = parseProperties(propertiesText);
  const routes = Number(p["camel.main.shutdownTimeout"] ?? 45);
  const component = Number(p["camel.component.gochannel.shutdownTimeout"] ?? 30000) / 1000;
  return { seconds: routes + component, how: `camel.main.shutdownTimeout ${routes} s + camel.component.gochannel.shutdownTimeout ${component} s in ${source}` };
}

const ptr = (...keys) => "/" + keys.join("/");

function checkAppDeployment(doc, shutdown, report, expectedImage) {
  const d = doc.object;
  const pod = d.spec?.template?.spec ?? {};
  const index = (pod.containers ?? []).findIndex((c) => c?.name === APP);
  if (index < 0) return report.fail(doc, ptr("spec", "template", "spec", "containers"), `no container named ${APP}`);
  const c = pod.containers[index];
  const at = (...keys) => ptr("spec", "template", "spec", "containers", index, ...keys);
  const expect = (ok, path, message) => { if (!ok) report.fail(doc, path, message); };

  expect(c.readinessProbe?.httpGet?.path === "/observe/health/ready", at("readinessProbe", "httpGet", "path"),
    `must be /observe/health/ready (routes, consumers and brokers), is ${c.readinessProbe?.httpGet?.path ?? "not set"}`);
  expect(c.livenessProbe?.httpGet?.path === "/observe/health/live", at("livenessProbe", "httpGet", "path"),
    `must be /observe/health/live (the JVM answers; a broker outage must never restart pods), is ${c.livenessProbe?.httpGet?.path ?? "not set"}`);
  expect(c.startupProbe?.httpGet?.path === "/observe/health/live", at("startupProbe", "httpGet", "path"),
    `must be /observe/health/live, so that a slow JVM start is not killed by liveness, is ${c.startupProbe?.httpGet?.path ?? "not set"}`);

  const preStop = c.lifecycle?.preStop;
  const sleepCommand = preStop?.exec?.command;
  const pause = preStop?.sleep?.seconds ??
    (Array.isArray(sleepCommand) && sleepCommand[0]?.endsWith("sleep") ? Number(sleepCommand[1]) : undefined);
  expect(Number.isFinite(pause), at("lifecycle", "preStop"), "a preStop sleep is required, so that the Service drops the pod before SIGTERM");
  const grace = pod.terminationGracePeriodSeconds ?? 30;
  expect(Number.isFinite(pause) && grace > pause + shutdown.seconds, ptr("spec", "template", "spec", "terminationGracePeriodSeconds"),
    `${grace} must exceed preStop ${pause} s + the app's shutdown ${shutdown.seconds} s (${shutdown.how}): ` +
    "the grace period counts from the start of preStop, and the kubelet kills what is left at its end");

  const sc = c.securityContext ?? {};
  const podSc = pod.securityContext ?? {};
  expect(sc.readOnlyRootFilesystem === true, at("securityContext", "readOnlyRootFilesystem"), "must be true");
  expect((sc.runAsNonRoot ?? podSc.runAsNonRoot) === true, at("securityContext", "runAsNonRoot"), "must be true (here or in the pod's securityContext)");
  expect(sc.allowPrivilegeEscalation === false, at("securityContext", "allowPrivilegeEscalation"), "must be false");
  expect((sc.capabilities?.drop ?? []).includes("ALL"), at("securityContext", "capabilities", "drop"), "must drop ALL");
  expect((sc.runAsUser ?? podSc.runAsUser) === 10001 && (sc.runAsGroup ?? podSc.runAsGroup) === 10001,
    ptr("spec", "template", "spec", "securityContext", "runAsUser"), "runAsUser and runAsGroup must be 10001, the image's user");
  expect((sc.seccompProfile ?? podSc.seccompProfile)?.type === "RuntimeDefault",
    ptr("spec", "template", "spec", "securityContext", "seccompProfile"), "must be RuntimeDefault");

  const mounts = c.volumeMounts ?? [];
  const volume = (mountPath) => (pod.volumes ?? []).find((v) => v.name === mounts.find((m) => m.mountPath === mountPath)?.name);
  expect(volume("/tmp")?.emptyDir, at("volumeMounts"), "/tmp must be an emptyDir: the root file system is read-only and the JVM writes there");
  expect(volume("/app/routes")?.configMap, at("volumeMounts"), "/app/routes must be mounted from a ConfigMap");
  expect(volume("/app/config")?.configMap, at("volumeMounts"), "/app/config must be mounted from a ConfigMap");
  expect((c.env ?? []).some((e) => e.name === "GOCHANNEL_LOG_FORMAT" && e.value === "json"), at("env"), "GOCHANNEL_LOG_FORMAT must be json");
  const exposure = (c.env ?? []).filter((e) => e.name === HEALTH_EXPOSURE.name);
  expect(exposure.length === 1 && exposure[0].value === HEALTH_EXPOSURE.value && !exposure[0].valueFrom, at("env"),
    `${HEALTH_EXPOSURE.name} must be set once, to ${HEALTH_EXPOSURE.value} (is ${exposure.map((e) => e.value ?? "valueFrom").join(", ") || "not set"}): ` +
    "application.properties' exposureLevel=full would show every failing check's message (broker hosts, exception text) to whoever reaches the port");
  expect(c.resources?.limits?.memory, at("resources", "limits", "memory"), "a memory limit is required: the heap is 75 % of it");
  expect(pod.enableServiceLinks === false, ptr("spec", "template", "spec", "enableServiceLinks"),
    "must be false: Service variables (GOCHANNEL_..._PORT=tcp://...) would override the app's settings");
  if (expectedImage) {
    expect(c.image === expectedImage, at("image"), `must be ${expectedImage} (deployment.yaml, kustomization.yaml's images: and the project version): ` +
      `a name that cannot resolve until an overlay names your registry, is ${c.image ?? "not set"}`);
  }
  return undefined;
}

function projectVersion() {
  const pom = readFileSync(join(repo, "pom.xml"), "utf8");
  const m = /<artifactId>gochannel-parent<\/artifactId>\s*<version>([^<]+)<\/version>/.exec(pom);
  if (!m) throw new Error("pom.xml: no <version> after <artifactId>gochannel-parent</artifactId>");
  return m[1];
}

function checkCopies(pairs, report) {
  for (const [copy, original] of pairs) {
    const a = readFileSync(resolve(repo, copy));
    const b = readFileSync(resolve(repo, original));
    if (!a.equals(b)) {
      report.fail(null, undefined, `${copy} differs from ${original}: the ConfigMap's default content is a copy ` +
        `(kustomize reads no file outside the kustomization's directory); copy it again: cp ${original} ${copy}`);
    }
  }
}

// ---- files and kustomizations ---------------------------------------------------------------------

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? walk(path) : [path];
  });
}

const isYaml = (path) => /\.ya?ml$/.test(path);
const isKustomization = (path) => /(^|\/)kustomization\.ya?ml$/.test(path);

// The input files of a kustomization's generators: data, not manifests.
function generatorInputs(kustomizationFile) {
  const k = YAML.parse(readFileSync(kustomizationFile, "utf8")) ?? {};
  const dir = dirname(kustomizationFile);
  return [...(k.configMapGenerator ?? []), ...(k.secretGenerator ?? [])]
    .flatMap((g) => [...(g.files ?? []), ...(g.envs ?? [])])
    .map((f) => resolve(dir, String(f).split("=").pop()));
}

function findKubectl() {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, "kubectl");
    if (dir && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

function render(kubectl, dir, report) {
  const run = spawnSync(kubectl, ["kustomize", dir], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (run.status !== 0) {
    report.fail(null, undefined, `kubectl kustomize ${rel(dir)} failed: ${(run.stderr || run.error?.message || "").trim()}`);
    return null;
  }
  return parseDocuments(run.stdout, `kubectl kustomize ${rel(dir)}`).map((d) => ({ ...d, rendered: true }));
}

// Checks on one rendered kustomization: one autoscaler per Deployment, targets and ConfigMaps that
// exist, the kinds it must and must not hold.
function checkRendered(dir, docs, report, expectedImage) {
  const objects = docs.map((d) => d.object).filter(Boolean);
  const byKind = (kind) => docs.filter((d) => d.object?.kind === kind);
  const deployments = new Set(byKind("Deployment").map((d) => d.object.metadata?.name));
  const autoscaled = new Map();
  for (const doc of [...byKind("HorizontalPodAutoscaler"), ...byKind("ScaledObject")]) {
    const target = doc.object.spec?.scaleTargetRef?.name;
    if (!deployments.has(target)) report.fail(doc, "/spec/scaleTargetRef/name", `no Deployment named ${target} in this kustomization`);
    if (autoscaled.has(target)) {
      report.fail(doc, "/spec/scaleTargetRef/name", `Deployment ${target} has both a ${autoscaled.get(target)} and a ${doc.object.kind}: ` +
        "two autoscalers overwrite each other's replica count (KEDA makes its own HPA: delete the base's in the overlay)");
    }
    autoscaled.set(target, doc.object.kind);
  }
  const configMaps = new Set(byKind("ConfigMap").map((d) => d.object.metadata?.name));
  for (const doc of byKind("Deployment")) {
    (doc.object.spec?.template?.spec?.volumes ?? []).forEach((v, i) => {
      if (v.configMap && !configMaps.has(v.configMap.name)) {
        report.fail(doc, `/spec/template/spec/volumes/${i}/configMap/name`, `no ConfigMap named ${v.configMap.name} in this kustomization`);
      }
    });
  }
  const expected = RENDERED_KINDS[rel(dir)];
  if (expected) {
    for (const kind of expected.must) if (!objects.some((o) => o.kind === kind)) report.fail(null, undefined, `kubectl kustomize ${rel(dir)}: no ${kind}`);
    for (const kind of expected.mustNot) for (const doc of byKind(kind)) report.fail(doc, undefined, `must not be in ${rel(dir)}`);
  }
  for (const doc of byKind("Deployment")) {
    if (doc.object.metadata?.name !== APP) continue;
    const configVolume = (doc.object.spec?.template?.spec?.volumes ?? []).find((v) => v.name ===
      doc.object.spec.template.spec.containers?.find((c) => c.name === APP)?.volumeMounts?.find((m) => m.mountPath === "/app/config")?.name);
    const properties = byKind("ConfigMap").find((d) => d.object.metadata?.name === configVolume?.configMap?.name)?.object.data?.["application.properties"];
    const shutdown = properties !== undefined
      ? shutdownSeconds(properties, `the ConfigMap mounted at /app/config`)
      : shutdownSeconds(readFileSync(join(repo, "config", "application.properties"), "utf8"), "config/application.properties");
    checkAppDeployment(doc, shutdown, report, expectedImage);
  }
}

// Validates a set of manifest files and kustomization directories into report. Returns what it rendered.
async function validateSet({ files, kustomizations, kubectl, report, expectedImage, log }) {
  const baseShutdown = shutdownSeconds(readFileSync(join(here, "base", "config", "application.properties"), "utf8"),
    "deploy/kubernetes/base/config/application.properties");
  for (const file of files) {
    const docs = parseDocuments(readFileSync(file, "utf8"), rel(file));
    const before = report.problems.length;
    await validateDocuments(docs, report);
    for (const doc of docs) {
      if (doc.object?.kind === "Deployment" && doc.object.metadata?.name === APP) checkAppDeployment(doc, baseShutdown, report, IMAGE);
    }
    if (report.problems.length === before) log?.(`ok  ${rel(file)}: ${docs.map((d) => [d.object.apiVersion, d.object.kind, d.object.metadata?.name].join(" ")).join(", ")}`);
  }
  for (const dir of kustomizations) {
    if (!kubectl) continue; // the caller says, loudly, what did not run
    const docs = render(kubectl, dir, report);
    if (!docs) continue;
    const before = report.problems.length;
    await validateDocuments(docs, report);
    checkRendered(dir, docs, report, expectedImage);
    if (report.problems.length === before) {
      log?.(`ok  kubectl kustomize ${rel(dir)}: ${docs.length} documents: ${docs.map((d) => d.object.kind).join(", ")}`);
    }
  }
}

// ---- which Kubernetes and KEDA ---------------------------------------------------------------------

// The installed packages do not record the versions their schemas come from (kubernetes-models'
// README badge still says 1.27.1, from its 4.3.0), so the schemas themselves are asked: each marker is
// an API change of a known release, newest first; the version is the newest whose change they have,
// and the next newer marker, missing, bounds it from above.
async function knows(object, pointer) {
  const problems = await validateObject(object);
  return !problems.some((p) => p.path === pointer && p.message.startsWith("unknown field"));
}
const KUBERNETES_MARKERS = [
  { version: "1.37", change: "HorizontalPodAutoscaler conditions gained observedGeneration (kubernetes#138653)",
    has: () => knows({ apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "m" },
      spec: { scaleTargetRef: { kind: "Deployment", name: "m" }, maxReplicas: 1 },
      status: { desiredReplicas: 1, conditions: [{ type: "AbleToScale", status: "True", observedGeneration: 1 }] } },
    "/status/conditions/0/observedGeneration") },
  { version: "1.36", change: "EndpointSlice.endpoints became optional (kubernetes#136111)",
    has: async () => (await validateObject({ apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice", metadata: { name: "m" }, addressType: "IPv4" })).length === 0 },
  { version: "1.34", change: "resource.k8s.io/v1, dynamic resource allocation's GA API",
    has: async () => (await modelFor("resource.k8s.io/v1", "ResourceClaim")) !== null },
];
const trigger = (spec) => ({ apiVersion: "keda.sh/v1alpha1", kind: "TriggerAuthentication", metadata: { name: "m" }, spec });
const KEDA_MARKERS = [
  { version: "2.20", change: "TriggerAuthentication.spec.oauth2", has: () => knows(trigger({ oauth2: {} }), "/spec/oauth2") },
  { version: "2.19", change: "TriggerAuthentication.spec.filePath", has: () => knows(trigger({ filePath: "/m" }), "/spec/filePath") },
];

async function versionFrom(markers) {
  for (let i = 0; i < markers.length; i++) {
    if (await markers[i].has()) {
      const newer = markers[i - 1];
      return `${markers[i].version}${i === 0 ? " or later" : ""} (has ${markers[i].change}${newer ? `; lacks ${newer.version}'s ${newer.change}` : ""})`;
    }
  }
  return `older than ${markers.at(-1).version} (lacks ${markers.at(-1).change})`;
}

// ---- main ------------------------------------------------------------------------------------------

const say = (line) => console.log(`[validate-kubernetes] ${line}`);
const kubectl = findKubectl();
// Without kubectl the checks that need a rendering do not run: said on stderr, each one named, so that
// a log read in a hurry does not pass for a full validation.
const notRun = (lines) => {
  console.error("[validate-kubernetes] " + "!".repeat(96));
  for (const line of lines) console.error(`[validate-kubernetes] ! ${line}`);
  console.error("[validate-kubernetes] " + "!".repeat(96));
};
const version = projectVersion();
const expectedImage = `${IMAGE}:${version}`;

if (!selfTest) {
  const kubernetes = await versionFrom(KUBERNETES_MARKERS);
  const badge = /badge\/kubernetes-([0-9.]+)/.exec(readFileSync(join(nodeModules, "kubernetes-models", "README.md"), "utf8"))?.[1];
  say(`kubernetes-models ${packageVersion("kubernetes-models")}: schemas of Kubernetes ${kubernetes}` +
    (badge ? `; its README badge still says ${badge}` : ""));
  say(`@kubernetes-models/keda ${packageVersion("@kubernetes-models/keda")}: CRDs of KEDA ${await versionFrom(KEDA_MARKERS)}`);
  if (kubectl) {
    const v = spawnSync(kubectl, ["version", "--client"], { encoding: "utf8" }).stdout.trim().replace(/\n/g, ", ");
    say(`rendering with ${kubectl} (${v})`);
  }

  const report = new Report();
  const all = walk(here).filter((p) => !rel(p).startsWith("deploy/kubernetes/testdata/"));
  const kustomizationFiles = all.filter(isKustomization);
  const dataFiles = new Set(kustomizationFiles.flatMap(generatorInputs));
  const files = all.filter((p) => isYaml(p) && !isKustomization(p) && !dataFiles.has(p)).sort();
  const kustomizations = kustomizationFiles.map(dirname).sort();
  await validateSet({ files, kustomizations, kubectl, report, expectedImage, log: say });

  checkCopies(COPIES, report);
  const base = YAML.parse(readFileSync(join(here, "base", "kustomization.yaml"), "utf8"));
  const image = base.images?.find((i) => i.name === IMAGE);
  if (!image || (image.newName ?? IMAGE) !== IMAGE || image.newTag !== version || image.digest) {
    report.fail(null, undefined, `deploy/kubernetes/base/kustomization.yaml: images: must rename ${IMAGE} to itself with newTag ${version} ` +
      `(the project version, pom.xml) and no digest, so that the base pulls nothing until an overlay names a registry; ` +
      `is ${image ? JSON.stringify(image) : "no entry for it"}`);
  }
  const secretTemplate = YAML.parse(readFileSync(join(here, "base", "secret.example.yaml"), "utf8"));
  const deployment = YAML.parse(readFileSync(join(here, "base", "deployment.yaml"), "utf8"));
  const secretRefs = deployment.spec.template.spec.containers.flatMap((c) => (c.envFrom ?? []).map((e) => e.secretRef?.name)).filter(Boolean);
  if (!secretRefs.includes(secretTemplate.metadata.name)) {
    report.fail(null, undefined, `deploy/kubernetes/base/secret.example.yaml creates Secret ${secretTemplate.metadata.name}, the Deployment reads ${secretRefs.join(", ") || "none"}`);
  }
  if ([secretTemplate.stringData, secretTemplate.data].some((values) => values && "GOCHANNEL_HTTP_TOKEN" in values)) {
    report.fail(null, undefined, "deploy/kubernetes/base/secret.example.yaml: GOCHANNEL_HTTP_TOKEN must stay commented out: " +
      "a token in a public file silences the app's warning and lets anyone who knows it publish");
  }
  // The example NetworkPolicies must select the app's pods and admit its port, or they protect nothing.
  const podLabels = deployment.spec.template.metadata?.labels ?? {};
  const containerPorts = deployment.spec.template.spec.containers.flatMap((c) => (c.ports ?? []).flatMap((p) => [p.containerPort, p.name]));
  for (const file of files.filter((f) => rel(f).startsWith("deploy/kubernetes/examples/"))) {
    for (const doc of parseDocuments(readFileSync(file, "utf8"), rel(file)).filter((d) => d.object?.kind === "NetworkPolicy")) {
      const selector = doc.object.spec?.podSelector?.matchLabels ?? {};
      if (!Object.keys(selector).length || Object.entries(selector).some(([k, v]) => podLabels[k] !== v)) {
        report.fail(doc, "/spec/podSelector/matchLabels", `must select the routing app's pods (${JSON.stringify(podLabels)})`);
      }
      (doc.object.spec?.ingress ?? []).forEach((rule, i) => (rule.ports ?? []).forEach((p, j) => {
        if (!containerPorts.includes(p.port)) report.fail(doc, `/spec/ingress/${i}/ports/${j}/port`, `${p.port} is no port of the routing app's container`);
      }));
    }
  }

  if (!kubectl) {
    notRun([
      "NOT RUN: kubectl is not on the PATH, so these checks did not run (the rest did):",
      ...kustomizations.map((dir) => `- kubectl kustomize ${rel(dir)}, and the schema validation of what it renders (generated ConfigMaps, patched objects)`),
      "- the autoscaler check on the renderings: base with its HorizontalPodAutoscaler and no ScaledObject, overlays/keda with",
      "  its ScaledObject and no HorizontalPodAutoscaler, one autoscaler per Deployment, every target and ConfigMap present",
      `- the rendered image (${expectedImage}) and the grace period against the rendered ConfigMap`,
      "- in the self-test: the two-autoscalers case (deploy/kubernetes/testdata/two-autoscalers)",
      "Install kubectl (its kustomize is built in) to run them.",
    ]);
  }
  if (report.problems.length) {
    for (const p of report.problems) console.error(`FAIL ${p}`);
    console.error(`[validate-kubernetes] ${report.problems.length} problem(s)`);
    process.exit(1);
  }
  say(`ok  config copies equal ${COPIES.map(([, o]) => o).join(" and ")}; image ${kubectl ? expectedImage : `${IMAGE} (tag ${version} in kustomization.yaml)`}; ` +
    `probes, preStop + grace period, security context, ${HEALTH_EXPOSURE.name}=${HEALTH_EXPOSURE.value}, /tmp, ` +
    `no token in secret.example.yaml, the example NetworkPolicy's selector and port: as docs/deploying.md says` +
    (kubectl ? "" : " (NOT the checks listed above as not run)"));
} else {
  const testdata = join(here, "testdata");
  let failures = 0;
  let passed = 0;
  const skipped = [];
  const expectations = (file) => [...readFileSync(file, "utf8").matchAll(/^# expect: (.+)$/gm)].map((m) => m[1].trim());
  const check = (name, expected, problems) => {
    const missing = expected.filter((e) => !problems.some((p) => p.includes(e)));
    if (!problems.length || missing.length || !expected.length) {
      failures++;
      console.error(`FAIL self-test ${name}: ${problems.length ? "refused, but" : "accepted, yet"} expected ` +
        `${expected.map((e) => JSON.stringify(e)).join(" and ") || "an \"# expect:\" line"}` +
        `${problems.length ? `; got: ${problems.join(" | ")}` : ""}`);
    } else {
      passed++;
      say(`refused as expected: ${problems.join(" | ")}`);
    }
  };
  for (const entry of readdirSync(testdata).sort()) {
    const path = join(testdata, entry);
    const report = new Report();
    if (statSync(path).isDirectory()) {
      if (!kubectl) {
        skipped.push(rel(path));
        continue;
      }
      await validateSet({ files: [], kustomizations: [path], kubectl, report, expectedImage });
      check(rel(path), expectations(join(path, "kustomization.yaml")), report.problems);
    } else if (isYaml(path)) {
      await validateSet({ files: [path], kustomizations: [], kubectl, report, expectedImage });
      check(rel(path), expectations(path), report.problems);
    }
  }
  // The promises, each broken once on a copy of the real base Deployment (so they follow its edits).
  const baseText = readFileSync(join(here, "base", "deployment.yaml"), "utf8");
  const appContainer = (d) => d.spec.template.spec.containers.find((c) => c.name === APP);
  const BROKEN_PROMISES = [
    ["liveness on the brokers' health", (d) => { appContainer(d).livenessProbe.httpGet.path = "/observe/health"; },
      "livenessProbe/httpGet/path: must be /observe/health/live"],
    ["a grace period of 60 s", (d) => { d.spec.template.spec.terminationGracePeriodSeconds = 60; },
      "terminationGracePeriodSeconds: 60 must exceed preStop 10 s + the app's shutdown 60 s"],
    ["a writable root file system", (d) => { appContainer(d).securityContext.readOnlyRootFilesystem = false; },
      "securityContext/readOnlyRootFilesystem: must be true"],
    ["runAsNonRoot left out", (d) => { delete appContainer(d).securityContext.runAsNonRoot; delete d.spec.template.spec.securityContext.runAsNonRoot; },
      "securityContext/runAsNonRoot: must be true"],
    ["privilege escalation allowed", (d) => { appContainer(d).securityContext.allowPrivilegeEscalation = true; },
      "securityContext/allowPrivilegeEscalation: must be false"],
    ["no /tmp volume", (d) => { appContainer(d).volumeMounts = appContainer(d).volumeMounts.filter((m) => m.mountPath !== "/tmp"); },
      "/tmp must be an emptyDir"],
    ["the health details exposed", (d) => { appContainer(d).env.find((e) => e.name === HEALTH_EXPOSURE.name).value = "full"; },
      `env: ${HEALTH_EXPOSURE.name} must be set once, to oneline (is full)`],
    ["no health exposure setting", (d) => { appContainer(d).env = appContainer(d).env.filter((e) => e.name !== HEALTH_EXPOSURE.name); },
      `env: ${HEALTH_EXPOSURE.name} must be set once, to oneline (is not set)`],
    ["a Docker Hub image", (d) => { appContainer(d).image = "gochannel/routing-app"; },
      `image: must be ${IMAGE}`],
  ];
  const shutdown = shutdownSeconds(readFileSync(join(here, "base", "config", "application.properties"), "utf8"),
    "deploy/kubernetes/base/config/application.properties");
  for (const [name, breakIt, expected] of BROKEN_PROMISES) {
    const deployment = YAML.parse(baseText);
    breakIt(deployment);
    const source = `deploy/kubernetes/base/deployment.yaml with ${name}`;
    const report = new Report();
    const docs = parseDocuments(YAML.stringify(deployment), source).map((d) => ({ ...d, rendered: true }));
    await validateDocuments(docs, report);
    for (const doc of docs) checkAppDeployment(doc, shutdown, report, IMAGE);
    check(source, [expected], report.problems);
  }
  // A drifted copy of the routes: written to a temporary file, never into the repository.
  const scratch = mkdtempSync(join(tmpdir(), "gochannel-k8s-"));
  try {
    const drifted = join(scratch, "wishlist.yaml");
    writeFileSync(drifted, readFileSync(join(repo, "routes", "wishlist.yaml"), "utf8") + "# edited in the copy only\n");
    const report = new Report();
    checkCopies([[drifted, "routes/wishlist.yaml"]], report);
    check("a drifted copy of routes/wishlist.yaml", ["differs from routes/wishlist.yaml"], report.problems);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (skipped.length) {
    notRun([`NOT RUN: kubectl is not on the PATH, so these self-test cases did not run: ${skipped.join(", ")}`,
      "(each needs a rendering: kubectl kustomize). Install kubectl to run them."]);
  }
  console.log(`self-test: ${passed} passed, ${failures} failed` +
    (skipped.length ? `, ${skipped.length} NOT RUN (kubectl not found: ${skipped.join(", ")})` : ""));
  if (failures) process.exit(1);
}
