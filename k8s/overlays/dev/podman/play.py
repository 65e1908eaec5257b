#!/usr/bin/env python3
"""Runs the dev overlay as pods on one machine with `podman kube play` (Debian's podman 4.3), no cluster needed.

    python3 k8s/overlays/dev/podman/play.py up       # render, play every Deployment, wait until all are ready
    python3 k8s/overlays/dev/podman/play.py status   # pods, addresses, readiness
    python3 k8s/overlays/dev/podman/play.py restart delivery-service
    python3 k8s/overlays/dev/podman/play.py down     # remove pods, their volumes and the network

kube play understands Deployments, ConfigMaps, Secrets and PVCs but no Service, NetworkPolicy, RBAC or CRD, and it
turns probes into healthchecks run by systemd timers (absent here). This script bridges what the pods need:
  * Services: every Deployment gets a fixed address on its own podman network (--ip), and every pod a hostAliases
    entry naming each Service whose selector matches that Deployment, so "postgres", "broker", "mailbox-store"...
    resolve as in a cluster (no DNS involved: this machine's resolver is slow);
  * ConfigMap/Secret references (envFrom, env valueFrom) are written into the containers' env, optional volumes of
    Secrets that the overlay does not render (mail-tls: dev has no TLS) are dropped;
  * readiness: this script evaluates each container's readinessProbe itself (httpGet/tcpSocket against the pod's
    address, exec through `podman exec`) and `up` returns when all pass; probes are removed from what kube play sees;
  * containerPorts are not given to kube play (podman 4.3 would publish each on the host); the pods are reached
    at their addresses on the network (rootful podman routes to them from the host);
  * admin-api's operator is off (there is no Kubernetes API to watch).
Pods are named <prefix><deployment>-pod; --prefix, --network and --subnet keep parallel runs apart.
The state (pods, addresses, ports) is written as JSON to --state (default: stdout of `status`).
"""
import argparse
import base64
import copy
import ipaddress
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
OVERLAY = os.path.dirname(HERE)
CONTAINERS_CONF = os.path.join(OVERLAY, "..", "..", "images", "containers.conf")
PLAYABLE = {"Deployment", "ConfigMap", "Secret", "PersistentVolumeClaim"}


def podman(*args, check=True, capture=True):
    env = dict(os.environ, CONTAINERS_CONF=os.path.abspath(CONTAINERS_CONF))
    cmd = ["podman", "--runtime", "runc", "--cgroup-manager=cgroupfs", *args]
    r = subprocess.run(cmd, env=env, text=True, stdout=subprocess.PIPE if capture else None,
                       stderr=subprocess.PIPE if capture else None)
    if check and r.returncode != 0:
        raise SystemExit("%s failed (%d):\n%s%s" % (" ".join(cmd), r.returncode, r.stdout or "", r.stderr or ""))
    return r


def render(overlay):
    """The overlay's objects, rendered like k8s-validation does (kubectl kustomize), or standalone kustomize."""
    if shutil.which("kubectl"):
        cmd = ["kubectl", "kustomize", overlay]
    elif shutil.which("kustomize"):
        cmd = ["kustomize", "build", overlay]
    else:
        raise SystemExit("kubectl (1.27+) or kustomize is needed to render %s" % overlay)
    r = subprocess.run(cmd, text=True, capture_output=True)
    if r.returncode != 0:
        raise SystemExit("%s failed:\n%s" % (" ".join(cmd), r.stderr))
    return [d for d in yaml.safe_load_all(r.stdout) if d]


def selects(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def plan(docs, prefix, subnet):
    """Per Deployment: the pod name, its fixed address, the Service names it answers to, and what kube play gets."""
    net = ipaddress.ip_network(subnet)
    deployments = [d for d in docs if d["kind"] == "Deployment"]
    services = [d for d in docs if d["kind"] == "Service"]
    config_maps = {d["metadata"]["name"]: d.get("data") or {} for d in docs if d["kind"] == "ConfigMap"}
    secrets = {d["metadata"]["name"]: {k: base64.b64decode(v).decode() for k, v in (d.get("data") or {}).items()}
               for d in docs if d["kind"] == "Secret"}
    secrets.update({d["metadata"]["name"]: dict(d.get("stringData") or {}) for d in docs
                    if d["kind"] == "Secret" and d.get("stringData")})
    skipped = sorted({d["kind"] for d in docs if d["kind"] not in PLAYABLE})
    pods = []
    for i, dep in enumerate(deployments):
        name = dep["metadata"]["name"]
        labels = dep["spec"]["template"]["metadata"].get("labels") or {}
        aliases = [s["metadata"]["name"] for s in services if selects(s["spec"].get("selector"), labels)]
        pods.append({"deployment": name, "pod": prefix + name + "-pod", "ip": str(net.network_address + 10 + i),
                     "services": aliases, "object": dep})
    host_aliases = [{"ip": p["ip"], "hostnames": p["services"]} for p in pods if p["services"]]
    for p in pods:
        p["object"] = playable(p["object"], prefix, host_aliases, config_maps, secrets)
    pvcs = [d for d in docs if d["kind"] == "PersistentVolumeClaim"]
    return pods, pvcs, skipped


def playable(dep, prefix, host_aliases, config_maps, secrets):
    dep = copy.deepcopy(dep)
    dep["metadata"]["name"] = prefix + dep["metadata"]["name"]
    dep["metadata"].pop("namespace", None)
    spec = dep["spec"]["template"]["spec"]
    spec["hostAliases"] = host_aliases
    spec.pop("serviceAccountName", None)
    spec.pop("automountServiceAccountToken", None)
    dropped = set()
    renamed = {}
    volumes = []
    for v in spec.get("volumes") or []:
        sec = v.get("secret")
        if sec and sec.get("secretName") not in secrets and sec.get("optional"):
            dropped.add(v["name"])
            continue
        if "emptyDir" in v:
            # podman 4.3 makes an emptyDir a named volume called like the pod's volume ("data", "tmp"), shared by
            # every pod that uses the same name: one per pod instead (removed by `down`).
            renamed[v["name"]] = volume_name(dep["metadata"]["name"], v["name"])
            v = dict(v, name=renamed[v["name"]])
        volumes.append(v)
    spec["volumes"] = volumes
    for c in spec["containers"]:
        env = {}
        for ref in c.pop("envFrom", None) or []:
            if "configMapRef" in ref:
                env.update(config_maps[ref["configMapRef"]["name"]])
            elif "secretRef" in ref:
                env.update(secrets[ref["secretRef"]["name"]])
        for e in c.get("env") or []:
            vf = e.get("valueFrom")
            if vf and "secretKeyRef" in vf:
                env[e["name"]] = secrets[vf["secretKeyRef"]["name"]][vf["secretKeyRef"]["key"]]
            elif vf and "configMapKeyRef" in vf:
                env[e["name"]] = config_maps[vf["configMapKeyRef"]["name"]][vf["configMapKeyRef"]["key"]]
            elif vf and vf.get("fieldRef", {}).get("fieldPath") == "metadata.namespace":
                env[e["name"]] = dep.get("metadata", {}).get("namespace", "mail-platform")
            else:
                env[e["name"]] = e.get("value", "")
        if "ADMIN_OPERATOR_ENABLED" in env:
            env["ADMIN_OPERATOR_ENABLED"] = "false"
        c["env"] = [{"name": k, "value": v} for k, v in env.items()]
        c["volumeMounts"] = [dict(m, name=renamed.get(m["name"], m["name"])) for m in c.get("volumeMounts") or []
                             if m["name"] not in dropped]
        for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
            c.pop(probe, None)
        # podman 4.3 publishes every containerPort on the host (8080 in every pod would collide); the pods are
        # reached at their own addresses instead, the ports stay documented in the rendered Deployment.
        c.pop("ports", None)
    return dep


def resolve_pod(p):
    """kube play names a Deployment's pod <name>-pod-0 (podman 4.3) or <name>-pod (later versions)."""
    for name in (p["pod"] + "-0", p["pod"]):
        if podman("pod", "exists", name, check=False).returncode == 0:
            p["pod"] = name
            return True
    return False


def volume_name(deployment, volume):
    return "%s-%s" % (deployment, volume)


def volumes_of(pod_object):
    return [v["name"] for v in pod_object["spec"]["template"]["spec"].get("volumes") or [] if "emptyDir" in v]


def readiness(dep_original):
    """(container name, readinessProbe, named ports) of each container of the rendered Deployment."""
    out = []
    for c in dep_original["spec"]["template"]["spec"]["containers"]:
        ports = {p.get("name"): p["containerPort"] for p in c.get("ports") or []}
        out.append((c["name"], c.get("readinessProbe"), ports))
    return out


def probe_ok(pod, container, probe, ports):
    if probe is None:
        return True
    port = None
    for kind in ("httpGet", "tcpSocket"):
        if kind in probe:
            port = probe[kind]["port"]
            port = ports.get(port, port) if isinstance(port, str) else port
    try:
        if "httpGet" in probe:
            url = "http://%s:%d%s" % (pod["ip"], port, probe["httpGet"].get("path", "/"))
            with urllib.request.urlopen(url, timeout=2) as r:
                return 200 <= r.status < 400
        if "tcpSocket" in probe:
            with socket.create_connection((pod["ip"], port), timeout=2):
                return True
        if "exec" in probe:
            r = podman("exec", pod["pod"] + "-" + container, *probe["exec"]["command"], check=False)
            return r.returncode == 0
    except OSError:
        return False
    raise SystemExit("unsupported probe in %s: %s" % (pod["deployment"], probe))


def wait_ready(pods, originals, timeout):
    start = time.monotonic()
    pending = {p["deployment"] for p in pods}
    ready_at = {}
    while pending:
        for p in pods:
            d = p["deployment"]
            if d in pending and all(probe_ok(p, c, pr, ports) for c, pr, ports in readiness(originals[d])):
                pending.discard(d)
                ready_at[d] = round(time.monotonic() - start, 1)
        if pending:
            if time.monotonic() - start > timeout:
                logs = "".join(tail_logs(p, originals[p["deployment"]]) for p in pods if p["deployment"] in pending)
                raise SystemExit("not ready after %ds: %s\n%s" % (timeout, sorted(pending), logs))
            time.sleep(1)
    return ready_at


def tail_logs(p, original):
    out = ""
    for c, _, _ in readiness(original):
        r = podman("logs", "--tail", "40", p["pod"] + "-" + c, check=False)
        out += "--- %s-%s\n%s%s" % (p["pod"], c, r.stdout, r.stderr)
    return out


def container_name(pod, deployment_obj):
    return [pod["pod"] + "-" + c["name"] for c in deployment_obj["spec"]["template"]["spec"]["containers"]]


def play_pod(p, args, work):
    path = os.path.join(work, p["deployment"] + ".yaml")
    with open(path, "w") as f:
        yaml.safe_dump(p["object"], f)
    podman("kube", "play", "--replace", "--network", args.network, "--ip", p["ip"], path)
    if not resolve_pod(p):
        raise SystemExit("kube play made no pod for %s" % p["deployment"])


def remove_pod(p, grace):
    """Like deleting a pod in Kubernetes: SIGTERM, SIGKILL after the grace period, its emptyDirs gone."""
    if resolve_pod(p):
        podman("pod", "stop", "-t", str(grace), p["pod"], check=False)
        for c in podman("pod", "inspect", p["pod"], "--format", "{{range .Containers}}{{.Name}} {{end}}",
                        check=False).stdout.split():
            podman("rm", "-f", "-v", c, check=False)
        podman("pod", "rm", "-f", p["pod"], check=False)
    for v in volumes_of(p["object"]):
        podman("volume", "rm", "-f", v, check=False)


def up(args):
    # a pod's infra container runs catatonit; podman 4.3 names it only when kube play fails
    if not (shutil.which("catatonit") or os.path.exists("/usr/libexec/podman/catatonit")):
        raise SystemExit("podman's pods need catatonit: apt-get install catatonit")
    docs = render(args.overlay)
    pods, pvcs, skipped = plan(docs, args.prefix, args.subnet)
    originals = {d["metadata"]["name"]: d for d in docs if d["kind"] == "Deployment"}
    print("kube play cannot express %s; bridged as described in play.py" % ", ".join(skipped), file=sys.stderr)
    if podman("network", "exists", args.network, check=False).returncode != 0:
        podman("network", "create", "--subnet", args.subnet, args.network)
    work = tempfile.mkdtemp(prefix="kube-play-")
    start = time.monotonic()
    if pvcs:
        path = os.path.join(work, "pvcs.yaml")
        with open(path, "w") as f:
            yaml.safe_dump_all(pvcs, f)
        podman("kube", "play", path)
    for p in pods:
        play_pod(p, args, work)
    played = round(time.monotonic() - start, 1)
    ready_at = wait_ready(pods, originals, args.timeout)
    state = {"network": args.network, "played_seconds": played,
             "ready_seconds": round(time.monotonic() - start, 1), "ready_at": ready_at,
             "pods": {p["deployment"]: {"pod": p["pod"], "ip": p["ip"], "services": p["services"],
                                        "containers": container_name(p, p["object"]),
                                        "ports": {pt.get("name", str(pt["containerPort"])): pt["containerPort"]
                                                  for c in originals[p["deployment"]]["spec"]["template"]["spec"]["containers"]
                                                  for pt in c.get("ports") or []}}
                      for p in pods},
             "skipped_kinds": skipped}
    write_state(args, state)


def write_state(args, state):
    text = json.dumps(state, indent=2)
    if args.state:
        with open(args.state, "w") as f:
            f.write(text)
    print(text)


def down(args):
    docs = render(args.overlay)
    pods, _, _ = plan(docs, args.prefix, args.subnet)
    for p in pods:
        remove_pod(p, 5)
    if podman("network", "exists", args.network, check=False).returncode == 0:
        podman("network", "rm", "-f", args.network, check=False)


def restart(args):
    docs = render(args.overlay)
    pods, _, _ = plan(docs, args.prefix, args.subnet)
    originals = {d["metadata"]["name"]: d for d in docs if d["kind"] == "Deployment"}
    target = [p for p in pods if p["deployment"] == args.deployment]
    if not target:
        raise SystemExit("no Deployment %s" % args.deployment)
    if not resolve_pod(target[0]):
        raise SystemExit("no pod for %s: run up first" % args.deployment)
    # What a Deployment does when its pod is deleted: the old pod gets SIGTERM and its grace period, then a new pod
    # (same address here, as the Service's would be) starts. Stopping and starting the same pod is no substitute:
    # podman 4.3 leaves a restarted pod with a static address on CNI without a route ("Network is unreachable").
    start = time.monotonic()
    remove_pod(target[0], args.grace)
    target[0]["pod"] = args.prefix + args.deployment + "-pod"
    play_pod(target[0], args, tempfile.mkdtemp(prefix="kube-play-"))
    wait_ready(target, originals, args.timeout)
    print(json.dumps({"restarted": args.deployment, "ready_seconds": round(time.monotonic() - start, 1)}))


def status(args):
    docs = render(args.overlay)
    pods, _, skipped = plan(docs, args.prefix, args.subnet)
    originals = {d["metadata"]["name"]: d for d in docs if d["kind"] == "Deployment"}
    write_state(args, {"network": args.network, "skipped_kinds": skipped, "pods": {
        p["deployment"]: {"pod": p["pod"], "ip": p["ip"], "services": p["services"], "exists": resolve_pod(p),
                          "ready": all(probe_ok(p, c, pr, ports) for c, pr, ports in readiness(originals[p["deployment"]]))}
        for p in pods}})


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["up", "down", "restart", "status", "render"])
    ap.add_argument("deployment", nargs="?", help="restart: the Deployment whose pod restarts")
    ap.add_argument("--overlay", default=OVERLAY)
    ap.add_argument("--prefix", default="")
    ap.add_argument("--network", default="mailplatform-dev")
    ap.add_argument("--subnet", default="10.89.150.0/24")
    ap.add_argument("--timeout", type=int, default=300, help="seconds to wait for readiness")
    ap.add_argument("--grace", type=int, default=30, help="restart: seconds between SIGTERM and SIGKILL")
    ap.add_argument("--state", help="also write the state JSON to this file")
    args = ap.parse_args()
    if args.command == "render":
        pods, _, _ = plan(render(args.overlay), args.prefix, args.subnet)
        yaml.safe_dump_all([p["object"] for p in pods], sys.stdout)
    else:
        {"up": up, "down": down, "restart": restart, "status": status}[args.command](args)


if __name__ == "__main__":
    main()
