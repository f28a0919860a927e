// Validates Kubernetes manifests offline, without a cluster (run by k8s/validate.sh, which installs the tools):
//   node validate.mjs <manifest dir> [rendered.yaml]
// For each object of each *.yaml file in the directory (and of the kustomize output, when given):
//   schema   kubernetes-models: the JSON schemas generated from the Kubernetes API's OpenAPI document (types,
//            required fields, enums, formats such as quantities and int32)
//   strict   every field is a field of its type, from the attribute maps of the Kubernetes project's own
//            JavaScript client models (@kubernetes/client-node): the schema check alone lets a misspelt field
//            through, which the API server then drops or refuses
//   links    what no schema sees: selectors that select the pod template's labels, Services and
//            NetworkPolicies that select some pod, named ports that exist, every Secret a pod mounts or reads
//            produced by the kustomization's secretGenerator (with the key it uses), every manifest listed in
//            the kustomization's resources
// Prints one line per file ("ok    <file> (<n> objects)" or "FAIL  <file>" and its problems); exit 0 when all
// pass, 1 otherwise, 3 when the validators cannot be loaded.
import { readFileSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";

let YAML;
let k8s;
try {
  YAML = await import("yaml");
  k8s = await import("@kubernetes/client-node");
} catch (e) {
  console.log(`validate: the validators cannot be loaded (${e.message.split("\n")[0]})`);
  process.exit(3);
}

const dir = process.argv[2];
const rendered = process.argv[3];
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

// Kubernetes reads YAML 1.1 (sigs.k8s.io/yaml): parse the same way, so 0440 or "yes" mean what they mean there.
function parse(file) {
  const docs = YAML.parseAllDocuments(readFileSync(file, "utf8"), { version: "1.1" });
  const objects = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      throw new Error(`YAML: ${doc.errors[0].message}`);
    }
    const value = doc.toJS();
    if (value !== null && value !== undefined) {
      objects.push(value);
    }
  }
  return objects;
}

const name = (o) => `${o.kind ?? "?"}/${o.metadata?.name ?? "?"}`;

async function schema(o) {
  if (typeof o.apiVersion !== "string" || typeof o.kind !== "string") {
    return ["apiVersion and kind are required"];
  }
  let model;
  try {
    model = (await import(`kubernetes-models/${o.apiVersion}/${o.kind}`))[o.kind];
  } catch (e) {
    return [`unknown apiVersion/kind ${o.apiVersion} ${o.kind}`];
  }
  try {
    new model(o).validate();
    return [];
  } catch (e) {
    return e.message.split(", ").map((m) => m.replace(/^data/, "").trim());
  }
}

function clientModel(o) {
  const version = o.apiVersion.split("/").pop();
  return `${version.charAt(0).toUpperCase()}${version.slice(1)}${o.kind}`;
}

function strict(value, type, path, problems) {
  if (value === null || value === undefined) {
    return;
  }
  let m = /^Array<(.+)>$/.exec(type);
  if (m) {
    if (Array.isArray(value)) {
      value.forEach((v, i) => strict(v, m[1], `${path}[${i}]`, problems));
    }
    return;
  }
  m = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (m) {
    if (isObject(value)) {
      for (const [k, v] of Object.entries(value)) {
        strict(v, m[1], `${path}.${k}`, problems);
      }
    }
    return;
  }
  const model = k8s[type];
  if (!model || typeof model.getAttributeTypeMap !== "function" || !isObject(value)) {
    return;
  }
  const fields = new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
  for (const [k, v] of Object.entries(value)) {
    if (fields.has(k)) {
      strict(v, fields.get(k), `${path}.${k}`, problems);
    } else {
      problems.push(`${path}.${k}: unknown field (${type} has no '${k}')`);
    }
  }
}

function strictCheck(o) {
  const type = clientModel(o);
  if (!k8s[type]) {
    return [`no client model ${type} to check the fields of ${o.apiVersion} ${o.kind} against`];
  }
  const problems = [];
  strict(o, type, "", problems);
  return problems;
}

// The pod template of a workload, or null.
const podTemplate = (o) => (["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"].includes(o.kind)
  ? o.spec?.template : null);
const matches = (selector, labels) => isObject(selector) && Object.keys(selector).length > 0
  && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

function linkChecks(all, kustomization) {
  const problems = new Map();
  const add = (o, message) => {
    const key = o.__file;
    problems.set(key, [...(problems.get(key) ?? []), `${name(o)}: ${message}`]);
  };
  const pods = all.filter(podTemplate).map((o) => ({ owner: o, template: podTemplate(o) }));
  const generated = new Map();
  for (const g of kustomization?.secretGenerator ?? []) {
    const keys = [...(g.files ?? []), ...(g.literals ?? [])].map((f) => String(f).split("=")[0]);
    generated.set(g.name, new Set(keys.map((k) => basename(k))));
  }
  for (const o of all.filter((x) => x.kind === "Secret")) {
    generated.set(o.metadata?.name, new Set([...Object.keys(o.data ?? {}), ...Object.keys(o.stringData ?? {})]));
  }
  const secretRef = (o, secret, key, where) => {
    if (!generated.has(secret)) {
      add(o, `${where}: Secret '${secret}' is neither generated by the kustomization nor defined here`);
    } else if (key !== undefined && !generated.get(secret).has(key)) {
      add(o, `${where}: Secret '${secret}' has no key '${key}'`);
    }
  };
  for (const { owner, template } of pods) {
    const labels = template.metadata?.labels ?? {};
    if (!matches(owner.spec?.selector?.matchLabels, labels)) {
      add(owner, "spec.selector.matchLabels does not select the pod template's labels");
    }
    const spec = template.spec ?? {};
    const volumes = new Set((spec.volumes ?? []).map((v) => v.name));
    for (const v of spec.volumes ?? []) {
      if (v.secret) {
        for (const item of v.secret.items ?? [{}]) {
          secretRef(owner, v.secret.secretName, item.key, `volume ${v.name}`);
        }
      }
      for (const source of v.projected?.sources ?? []) {
        if (source.secret) {
          for (const item of source.secret.items ?? [{}]) {
            secretRef(owner, source.secret.name, item.key, `volume ${v.name}`);
          }
        }
      }
    }
    const claims = new Set((owner.spec?.volumeClaimTemplates ?? []).map((c) => c.metadata?.name));
    for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
      const ports = new Set((c.ports ?? []).map((p) => p.name).filter(Boolean));
      for (const m of c.volumeMounts ?? []) {
        if (!volumes.has(m.name) && !claims.has(m.name)) {
          add(owner, `container ${c.name}: volumeMount '${m.name}' names no volume`);
        }
      }
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.secretKeyRef;
        if (ref) {
          secretRef(owner, ref.name, ref.key, `container ${c.name} env ${e.name}`);
        }
      }
      for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
        const port = c[probe]?.httpGet?.port ?? c[probe]?.tcpSocket?.port;
        if (typeof port === "string" && !ports.has(port)) {
          add(owner, `container ${c.name}: ${probe} port '${port}' is not a port of the container`);
        }
      }
    }
  }
  const podsOf = (selector, namespace) => pods.filter(({ owner, template }) => matches(selector, template.metadata?.labels)
    && (owner.metadata?.namespace ?? null) === (namespace ?? null));
  for (const s of all.filter((x) => x.kind === "Service")) {
    const selected = podsOf(s.spec?.selector, s.metadata?.namespace);
    if (selected.length === 0) {
      add(s, "spec.selector selects no pod template of these manifests");
    }
    for (const p of s.spec?.ports ?? []) {
      if (typeof p.targetPort === "string" && !selected.some(({ template }) => (template.spec?.containers ?? [])
        .some((c) => (c.ports ?? []).some((cp) => cp.name === p.targetPort && (cp.protocol ?? "TCP") === (p.protocol ?? "TCP"))))) {
        add(s, `port ${p.name}: targetPort '${p.targetPort}' is no ${p.protocol ?? "TCP"} port of the selected pods`);
      }
    }
  }
  for (const n of all.filter((x) => x.kind === "NetworkPolicy")) {
    if (podsOf(n.spec?.podSelector?.matchLabels, n.metadata?.namespace).length === 0) {
      add(n, "spec.podSelector selects no pod template of these manifests");
    }
    for (const rule of n.spec?.ingress ?? []) {
      for (const peer of rule.from ?? []) {
        if (peer.podSelector?.matchLabels && !peer.namespaceSelector
          && podsOf(peer.podSelector.matchLabels, n.metadata?.namespace).length === 0) {
          add(n, "an ingress rule's podSelector selects no pod template of these manifests");
        }
      }
    }
  }
  return problems;
}

let failed = false;
const report = (file, count, problems) => {
  if (problems.length === 0) {
    console.log(`validate: ok    ${file} (${count} objects)`);
  } else {
    failed = true;
    console.log(`validate: FAIL  ${file}`);
    for (const p of problems) {
      console.log(`    ${p}`);
    }
  }
};

const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
let kustomization = null;
if (files.includes("kustomization.yaml")) {
  kustomization = parse(join(dir, "kustomization.yaml"))[0];
  const listed = new Set(kustomization.resources ?? []);
  const unlisted = files.filter((f) => f !== "kustomization.yaml" && !listed.has(f));
  const missing = [...listed].filter((f) => !files.includes(f));
  report("kustomization.yaml (resources)", listed.size, [
    ...unlisted.map((f) => `${f} is not listed in resources (kubectl apply -k would leave it out)`),
    ...missing.map((f) => `resources lists ${f}, which does not exist`)]);
}
const all = [];
const perFile = new Map();
for (const f of files.filter((x) => x !== "kustomization.yaml")) {
  const problems = [];
  let objects = [];
  try {
    objects = parse(join(dir, f));
  } catch (e) {
    problems.push(e.message);
  }
  for (const o of objects) {
    const typed = typeof o.apiVersion === "string" && typeof o.kind === "string";
    for (const p of [...await schema(o), ...(typed ? strictCheck(o) : [])]) {
      problems.push(`${name(o)}: ${p}`);
    }
    Object.defineProperty(o, "__file", { value: f, enumerable: false });
    all.push(o);
  }
  perFile.set(f, { count: objects.length, problems });
}
const links = linkChecks(all, kustomization);
for (const [f, { count, problems }] of perFile) {
  report(f, count, [...problems, ...(links.get(f) ?? [])]);
}
if (rendered) {
  const problems = [];
  let objects = [];
  try {
    objects = parse(rendered);
  } catch (e) {
    problems.push(e.message);
  }
  for (const o of objects) {
    for (const p of [...await schema(o), ...strictCheck(o)]) {
      problems.push(`${name(o)}: ${p}`);
    }
  }
  report("kubectl kustomize output", objects.length, problems);
}
process.exit(failed ? 1 : 0);
