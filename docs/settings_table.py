#!/usr/bin/env python3
"""Writes docs/settings.md: every setting of every component with its built-in default, from a running platform
(GET /api/v1/config, what `mailctl config show` prints) and the Javadoc of the @ConfigMapping interfaces.

    python3 docs/settings_table.py [--url http://127.0.0.1:18080] [--token-file .local-stack/admin-token]

Run it against the local stack (./run-local.sh) after adding a setting; e2e-tests' ConfigE2ETest fails while a
setting the services report is missing from the table.
"""
import argparse, json, os, pathlib, re, urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
MODULES = ["smtp-ingress", "delivery-service", "mailbox-store", "imap-pop-gateway", "admin-api"]


def kebab(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def javadoc_index(module):
    """(prefix, last segment) -> first sentence of the method's Javadoc, from the module's and platform-common's mappings."""
    out = {}
    for base in (ROOT / module / "src/main/java", ROOT / "platform-common/src/main/java"):
        for f in base.rglob("*.java"):
            text = f.read_text(encoding="utf-8")
            m = re.search(r'@ConfigMapping\(prefix\s*=\s*"([^"]+)"\)', text)
            if not m:
                continue
            prefix = m.group(1)
            for doc, name in re.findall(r"/\*\*(.*?)\*/\s*(?:@[\w.]+(?:\([^)]*\))?\s*)*[\w<>?,. \[\]]+\s+(\w+)\(\)\s*;", text, re.S):
                d = re.sub(r"\s*\n\s*\*\s?", " ", doc).strip()
                d = re.sub(r"\{@(?:code|link) ([^}]*)\}", r"`\1`", d)
                d = re.sub(r"<[^>]+>", "", d)
                first = re.split(r"(?<=[.;])\s", d, 1)[0]
                out.setdefault((prefix, kebab(name)), first)
    return out


# Shown by config show when set, so documented although a stack with the defaults does not report them.
OTEL_EXTRA = {"quarkus.otel.exporter.otlp.traces.endpoint": "Where traces go (an OTLP collector); with `quarkus.otel.sdk.disabled=false`, see k8s/monitoring/README.md."}
FIXED = {"mail.config-dir": ("`/etc/mail-platform`", "Where the service reads its own `<service>.properties` (Postfix's config_directory).")}


def declared(module):
    """Settings declared in the module's @ConfigMapping interfaces (top level and nested groups), with their
    Javadoc: the Optional ones without a default never show up in a running service's configuration."""
    out = {}
    for base in (ROOT / module / "src/main/java", ROOT / "platform-common/src/main/java"):
        for f in base.rglob("*.java"):
            text = f.read_text(encoding="utf-8")
            m = re.search(r'@ConfigMapping\(prefix\s*=\s*"([^"]+)"\)', text)
            if not m or ("platform-common" in base.parts and not used_by(module, f.stem)):
                continue
            prefix = m.group(1)
            method = re.compile(r"(/\*\*(?:(?!\*/).)*\*/)?\s*((?:@[\w.]+(?:\([^)]*\))?\s*)*)([\w<>?,. \[\]]+?)\s+(\w+)\(\)\s*;", re.S)
            decls = list(re.finditer(r"\binterface\s+(\w+)\s*\{", text[m.end():]))
            if not decls:
                continue
            body = text[m.end() + decls[0].end():]  # inside the mapping interface
            groups = {g.group(1): g.start() for g in decls[1:]}
            groups = {k: v - decls[0].end() for k, v in groups.items()}
            top_end = min(groups.values()) if groups else len(body)
            group_of = {}
            for mm in method.finditer(body[:top_end]):
                doc, annotations, rtype, name = mm.groups()
                rtype = rtype.strip().split()[-1]
                if rtype in groups:
                    group_of[rtype] = prefix + "." + kebab(name)
                    continue
                out[prefix + "." + kebab(name)] = doc_text(doc)
            starts = sorted(groups.values())
            for g, start in groups.items():  # in declaration order, so a group inside a group is named by then
                if g not in group_of:
                    continue
                end = body.find("\n    }", start)
                inner = [x for x in starts if start < x < end]  # a nested group's own settings are its own
                for mm in method.finditer(body[start:inner[0] if inner else end]):
                    doc, annotations, rtype, name = mm.groups()
                    rtype = rtype.strip().split()[-1]
                    if rtype in groups:
                        group_of[rtype] = group_of[g] + "." + kebab(name)
                        continue
                    out[group_of[g] + "." + kebab(name)] = doc_text(doc)
    return out


def used_by(module, stem):
    return any(stem in f.read_text(encoding="utf-8") for f in (ROOT / module / "src/main/java").rglob("*.java"))


def doc_text(doc):
    if not doc:
        return ""
    d = re.sub(r"\s*\n\s*\*\s?", " ", doc[3:-2]).strip()
    d = re.sub(r"\{@(?:code|link) ([^}]*)\}", r"`\1`", d)
    d = re.sub(r"<[^>]+>", "", d)
    return re.split(r"(?<=[.])\s", d, 1)[0].replace("|", "\\|")


def describe(index, name):
    last = re.sub(r"\[\d+\]$", "", name.rsplit(".", 1)[-1])
    hits = [d for (prefix, seg), d in index.items() if seg == last and name.startswith(prefix + ".")]
    return hits[0].replace("|", "\\|") if len(hits) == 1 else ""


def pattern(name):
    """Map keys and list indexes are the operator's own (admin.status.components.<name>, smtpd.milters[0])."""
    name = re.sub(r"\[\d+\]", "", name)
    name = re.sub(r'^(admin\.status\.components)\..*', r"\1.<component>", name)
    name = re.sub(r'^(quarkus\.log\.category)\.("[^"]*"|[^.]*)\.', r"\1.<category>.", name)
    return name


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=os.environ.get("MAILCTL_URL", "http://127.0.0.1:18080"))
    ap.add_argument("--token-file", default=str(ROOT / ".local-stack/admin-token"))
    ap.add_argument("--out", default=str(ROOT / "docs/settings.md"))
    a = ap.parse_args()
    token = pathlib.Path(a.token_file).read_text().strip()
    req = urllib.request.Request(a.url.rstrip("/") + "/api/v1/config", headers={"Authorization": "Bearer " + token})
    doc = json.load(urllib.request.urlopen(req, timeout=30))
    lines = [
        "# Settings",
        "",
        "Every setting of every component, with the default built into it. Generated by `python3 docs/settings_table.py`",
        "from a running platform (what `mailctl config show` prints); `ConfigE2ETest` fails when a setting is missing here.",
        "",
        "Where to set them, lowest to highest precedence (`mailctl config show --changed` names the source of each):",
        "",
        "1. the default built into the service (this table);",
        "2. `<mail.config-dir>/<service>.properties`, like Postfix's main.cf: `mail.config-dir` is `/etc/mail-platform`",
        "   (environment `MAIL_CONFIG_DIR`); the local stack uses `<data-dir>/config/`; on Kubernetes a ConfigMap mounted",
        "   there. Read at start: restart the service after a change. A file that cannot be read stops the service;",
        "3. environment variables: the name in upper case with `.`, `-`, `[`, `]` turned into `_`",
        "   (`smtpd.myhostname` → `SMTPD_MYHOSTNAME`, MicroProfile Config's mapping rule);",
        "4. Java system properties (`-Dsmtpd.myhostname=...`; the local stack passes its ports this way).",
        "",
        "Secrets (names ending in password, secret, token, credential, passphrase, private-key, api-key) and passwords",
        "inside URLs are shown as `<redacted>`. Durations are `10s`, `5m`, `1h` or ISO-8601; sizes in bytes.",
        "The operator-facing names follow Postfix and Dovecot where they have one (`smtpd.myhostname`, `smtpd.mynetworks`,",
        "`delivery.relayhost`, `delivery.maximal-queue-lifetime`, `anvil.*`).",
        "",
    ]
    for comp in sorted(doc["components"], key=lambda c: MODULES.index(c["component"]) if c["component"] in MODULES else 99):
        name = comp["component"]
        if comp.get("error"):
            raise SystemExit(f"{name}: {comp['error']}")
        index = javadoc_index(name)
        decl = declared(name)
        lines += [f"## {name}", "", "| setting | default | what |", "|---|---|---|"]
        seen = set()
        for s in comp["settings"]:
            key = pattern(s["name"])
            if key in seen:
                continue
            seen.add(key)
            default = s.get("defaultValue")
            default = "(none)" if default is None else ("(empty)" if default == "" else "`" + default.replace("|", "\\|") + "`")
            what = decl.get(key) or describe(index, s["name"])
            if key in FIXED:
                default, what = FIXED[key]
            lines.append(f"| `{key}` | {default} | {what} |")
        if "quarkus.otel.sdk.disabled" in seen:
            for key, what in OTEL_EXTRA.items():
                if key not in seen:
                    seen.add(key)
                    lines.append(f"| `{key}` | (unset) | {what} |")
        for key, what in sorted(decl.items()):
            if key not in seen and not any(k.startswith(key + ".") or k.startswith(key + "[") for k in seen):
                seen.add(key)
                lines.append(f"| `{key}` | (unset) | {what} |")
        lines.append("")
    pathlib.Path(a.out).write_text("\n".join(lines), encoding="utf-8")
    print("wrote", a.out)


if __name__ == "__main__":
    main()
