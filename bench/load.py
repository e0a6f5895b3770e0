"""The load generator: a second process that drives the server over loopback and times every request.

`python -m bench.load SPEC.json` prints one JSON result. No Django, no third-party client: asyncio
streams speaking HTTP/1.1 — gunicorn's sync workers close every connection, so each request is a
fresh connect/send/read, exactly what a browser without keep-alive to a sync worker costs.

SPEC: {"host", "port", "seconds", "users": [{"name", "headers", "forbidden": [markers],
"requests": [{"name", "method", "path", "body", "headers", "ok": [statuses]}]}]}. Each user runs its
requests round-robin until the time is up; a response is an error when its status is not in `ok`,
and a leak when its body holds one of the user's forbidden markers (another firm's data).
Only loopback addresses are accepted: this never loads anything but the local server.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import sys
import time


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of an unsorted list; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def _request_bytes(host: str, port: int, req: dict, headers: dict) -> bytes:
    body = (req.get("body") or "").encode()
    lines = [
        f"{req.get('method', 'GET')} {req['path']} HTTP/1.1",
        f"Host: {host}:{port}",
        "Connection: close",
    ]
    merged = {**headers, **req.get("headers", {})}
    if body:
        merged.setdefault("Content-Type", "application/x-www-form-urlencoded")
        merged["Content-Length"] = str(len(body))
    lines += [f"{k}: {v}" for k, v in merged.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def _one(host: str, port: int, payload: bytes) -> tuple[int, bytes]:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(payload)
        await writer.drain()
        data = await reader.read()  # the server closes: read to the end
    finally:
        writer.close()
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
    if b"transfer-encoding: chunked" in head.lower():
        body = _unchunk(body)
    return status, body


def _unchunk(body: bytes) -> bytes:
    out, rest = b"", body
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out, rest = out + rest[:size], rest[size + 2 :]
    return out


async def _user(spec: dict, user: dict, deadline: float, offset: int, out: dict) -> None:
    host, port = spec["host"], spec["port"]
    reqs = user["requests"]
    payloads = [_request_bytes(host, port, r, user.get("headers", {})) for r in reqs]
    forbidden = [m.encode() for m in user.get("forbidden", [])]
    i = offset
    while time.monotonic() < deadline:
        n = i % len(reqs)
        req, name = reqs[n], reqs[n]["name"]
        stats = out.setdefault(name, {"latencies": [], "errors": 0, "leaks": 0, "statuses": {}})
        started = time.perf_counter()
        try:
            status, body = await _one(host, port, payloads[n])
        except OSError:
            status, body = 0, b""
        stats["latencies"].append(time.perf_counter() - started)
        stats["statuses"][str(status)] = stats["statuses"].get(str(status), 0) + 1
        if status not in req.get("ok", [200]):
            stats["errors"] += 1
            if stats["errors"] <= 3:
                stats.setdefault("samples", []).append(f"{status} {req['path']} {body[:300]!r}")
        if any(m in body for m in forbidden):
            stats["leaks"] += 1
        i += 1


async def run(spec: dict) -> dict:
    if not ipaddress.ip_address(spec["host"]).is_loopback:
        raise SystemExit("bench.load only targets loopback addresses")
    out: dict = {}
    started = time.monotonic()
    deadline = started + float(spec["seconds"])
    await asyncio.gather(*(_user(spec, u, deadline, k, out) for k, u in enumerate(spec["users"])))
    elapsed = time.monotonic() - started
    result = {"seconds": elapsed, "paths": {}}
    for name, stats in out.items():
        lat = [x * 1000 for x in stats["latencies"]]
        result["paths"][name] = {
            "requests": len(lat),
            "rps": len(lat) / elapsed,
            "p50": percentile(lat, 50),
            "p95": percentile(lat, 95),
            "p99": percentile(lat, 99),
            "errors": stats["errors"],
            "leaks": stats["leaks"],
            "statuses": stats["statuses"],
            "samples": stats.get("samples", []),
        }
    every = [x * 1000 for s in out.values() for x in s["latencies"]]
    result["all"] = {
        "requests": len(every),
        "rps": len(every) / elapsed,
        "p50": percentile(every, 50),
        "p95": percentile(every, 95),
        "p99": percentile(every, 99),
        "errors": sum(s["errors"] for s in out.values()),
        "leaks": sum(s["leaks"] for s in out.values()),
    }
    return result


if __name__ == "__main__":
    with open(sys.argv[1]) as handle:
        print(json.dumps(asyncio.run(run(json.load(handle)))))
