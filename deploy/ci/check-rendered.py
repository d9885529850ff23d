#!/usr/bin/env python3
"""Checks the rendered deployment files (.ci/run pipes them in on stdin):

    docker-compose config | check-rendered.py compose           # the production topology
    docker-compose -f ... -f docker-compose.demo.yml config | check-rendered.py compose-demo
    kubectl kustomize deploy/k8s | check-rendered.py k8s deploy/k8s/secret.example.yaml

Reads YAML with PyYAML (python3-yaml, which Debian's docker-compose depends on). Prints
every broken rule and exits 1 if there is one.
"""
import sys

import yaml

SERVICES = {"articles": 5101, "dvk-models": 5102, "contests": 5103}
HOSTS = [*SERVICES, "gateway"]
GATEWAY_ADDRESSES = {
    "Services__Articles__Address": "dns:///articles:5101",
    "Services__DvkModels__Address": "dns:///dvk-models:5102",
    "Services__Contests__Address": "dns:///contests:5103",
}

problems = []


def need(condition, message):
    if not condition:
        problems.append(message)
    return condition


def compose(doc, demo):
    services = doc.get("services") or {}
    postgres = services.get("postgres")
    if need(postgres is not None, "no postgres service"):
        need(str(postgres.get("image", "")).startswith("postgres:"), "postgres: image is not postgres:<version>")
        need("max_connections=200" in " ".join(map(str, postgres.get("command") or [])), "postgres: max_connections=200 not set")
        need("pg_isready" in " ".join(map(str, (postgres.get("healthcheck") or {}).get("test") or [])), "postgres: no pg_isready health check")
        volumes = " ".join(map(str, postgres.get("volumes") or []))
        need(":/var/lib/postgresql/data" in volumes, "postgres: no data volume")
        need("/docker-entrypoint-initdb.d" in volumes, "postgres: init scripts not mounted")
    for name in HOSTS:
        host = services.get(name)
        if not need(host is not None, f"no {name} service"):
            continue
        env = host.get("environment") or {}
        replicas = (host.get("deploy") or {}).get("replicas")
        if name in SERVICES:
            need(replicas == 2, f"{name}: deploy.replicas is {replicas!r}, not 2")
            seed = str(env.get("Seed__Sample", "false")).lower()
            if demo:
                need(seed == "true", f"{name}: the demo override does not set Seed__Sample=true")
            else:
                need(seed != "true", f"{name}: Seed__Sample is true in the base file (sample data belongs in docker-compose.demo.yml)")
            need(env.get("Kestrel__Endpoints__Grpc__Url") == f"http://0.0.0.0:{SERVICES[name]}", f"{name}: not listening on 0.0.0.0:{SERVICES[name]}")
            need(not host.get("ports"), f"{name}: publishes ports (only the gateway may)")
        need(env.get("Database__Provider") == "postgres", f"{name}: Database__Provider is not postgres")
        need(str(env.get("ConnectionStrings__Default", "")).startswith("Host=postgres;"), f"{name}: the connection string does not point at the postgres service")
        need(env.get("ASPNETCORE_ENVIRONMENT") == "Production", f"{name}: ASPNETCORE_ENVIRONMENT is not Production")
        need(str(env.get("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT")).lower() == "false", f"{name}: globalization invariant mode not turned off")
        need(len(str(env.get("Internal__Token", ""))) >= 32, f"{name}: Internal__Token missing or shorter than 32 characters")
        need(host.get("healthcheck", {}).get("test"), f"{name}: no health check")
        need(host.get("restart") in ("always", "unless-stopped"), f"{name}: no restart policy")
        need((host.get("depends_on") or {}).get("postgres", {}).get("condition") == "service_healthy", f"{name}: does not wait for a healthy postgres")
    gateway_env = (services.get("gateway") or {}).get("environment") or {}
    for key, address in GATEWAY_ADDRESSES.items():
        need(gateway_env.get(key) == address, f"gateway: {key} is {gateway_env.get(key)!r}, not {address}")
    contests_env = (services.get("contests") or {}).get("environment") or {}
    need(contests_env.get("Services__DvkModels__Address") == "dns:///dvk-models:5102", "contests: Services__DvkModels__Address is not dns:///dvk-models:5102")


def k8s(docs, secret_example):
    by_kind = {}
    for doc in docs:
        by_kind.setdefault(doc.get("kind"), {})[doc["metadata"]["name"]] = doc
    need("Secret" not in by_kind, "the manifests render a Secret: secrets must not be committed (secret.example.yaml is applied separately)")
    need("StatefulSet" not in by_kind and "postgres" not in by_kind.get("Deployment", {}), "PostgreSQL is external: the manifests must not deploy it")
    config = {}
    for name, cm in by_kind.get("ConfigMap", {}).items():
        config[name] = cm.get("data") or {}
    secret_keys = set(((secret_example.get("stringData") or secret_example.get("data")) or {}).keys())
    services = by_kind.get("Service", {})
    for name in HOSTS:
        deployment = by_kind.get("Deployment", {}).get(name)
        service = services.get(name)
        need(service is not None, f"no Service {name}")
        if not need(deployment is not None, f"no Deployment {name}"):
            continue
        need(deployment["spec"].get("replicas") == 2, f"Deployment {name}: replicas is not 2")
        pod = deployment["spec"]["template"]["spec"]
        need((pod.get("securityContext") or {}).get("runAsNonRoot") is True, f"Deployment {name}: runAsNonRoot not set")
        env = {}
        for container in pod["containers"]:
            where = f"Deployment {name}, container {container['name']}"
            limits = (container.get("resources") or {}).get("limits") or {}
            requests = (container.get("resources") or {}).get("requests") or {}
            need("memory" in limits and "memory" in requests, f"{where}: no memory request and limit")
            need((container.get("securityContext") or {}).get("readOnlyRootFilesystem") is True, f"{where}: root file system not read-only")
            for source in container.get("envFrom") or []:
                ref = (source.get("configMapRef") or {}).get("name")
                if need(ref in config, f"{where}: envFrom names a ConfigMap {ref!r} the manifests do not define"):
                    env.update(config[ref])
            for var in container.get("env") or []:
                secret = ((var.get("valueFrom") or {}).get("secretKeyRef") or {})
                if secret:
                    need(secret.get("key") in secret_keys, f"{where}: {var['name']} reads Secret key {secret.get('key')!r}, which secret.example.yaml does not have")
                    env[var["name"]] = "<secret>"
                elif "value" in var:
                    env[var["name"]] = var["value"]
            if name in SERVICES:
                port = SERVICES[name]
                for probe in ("livenessProbe", "readinessProbe"):
                    need(((container.get(probe) or {}).get("grpc") or {}).get("port") == port, f"{where}: no grpc {probe} on {port}")
            else:
                need(((container.get("livenessProbe") or {}).get("httpGet") or {}).get("path") == "/healthz", f"{where}: liveness is not httpGet /healthz")
                need(((container.get("readinessProbe") or {}).get("httpGet") or {}).get("path") == "/healthz", f"{where}: readiness is not httpGet /healthz (one service down must not take every gateway out)")
        for key in ("Internal__Token", "ConnectionStrings__Default"):
            need(env.get(key) == "<secret>", f"Deployment {name}: {key} does not come from the Secret")
        need(env.get("Database__Provider") == "postgres", f"Deployment {name}: Database__Provider is not postgres")
        if name in SERVICES:
            need(str(env.get("Seed__Sample", "false")).lower() != "true", f"Deployment {name}: Seed__Sample is true")
            if service is not None:
                need(service["spec"].get("clusterIP") == "None", f"Service {name}: not headless (clusterIP: None)")
                need([p.get("port") for p in service["spec"].get("ports", [])] == [SERVICES[name]], f"Service {name}: port is not {SERVICES[name]}")
        else:
            for key, address in GATEWAY_ADDRESSES.items():
                need(env.get(key) == address, f"Deployment gateway: {key} is {env.get(key)!r}, not {address}")
            if service is not None:
                need(sorted(p.get("port") for p in service["spec"].get("ports", [])) == [8080, 8081], "Service gateway: ports are not 8080 and 8081")
    contests_env = {}
    for source in (by_kind.get("Deployment", {}).get("contests", {}).get("spec", {}).get("template", {}).get("spec", {}).get("containers", [{}])[0].get("envFrom") or []):
        contests_env.update(config.get((source.get("configMapRef") or {}).get("name"), {}))
    need(contests_env.get("Services__DvkModels__Address") == "dns:///dvk-models:5102", "Deployment contests: Services__DvkModels__Address is not dns:///dvk-models:5102")


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode in ("compose", "compose-demo"):
        compose(yaml.safe_load(sys.stdin), demo=mode == "compose-demo")
    elif mode == "k8s" and len(sys.argv) == 3:
        with open(sys.argv[2], encoding="utf-8") as example:
            secret_example = yaml.safe_load(example)
        k8s([d for d in yaml.safe_load_all(sys.stdin) if d], secret_example)
    else:
        sys.exit(__doc__)
    for problem in problems:
        print(f"{mode}: {problem}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"{mode}: every check passed")


if __name__ == "__main__":
    main()
