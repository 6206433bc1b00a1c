"""The public contracts (gRPC APIs and events) as data: a compatibility snapshot and the AsyncAPI doc.

    .venv/bin/python scripts/contracts.py --write   # after a deliberate, compatible proto change

``protos/contract-snapshot.json`` records every message's fields (number, name, type, label) and every
RPC of every published ``v1`` package; ``tests/contract`` fails when a change removes, renumbers or
retypes something that other agencies may rely on (PET-15, APP-13). ``docs/asyncapi.yaml`` is generated
from the event protos, so the event documentation cannot drift from the code.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
from pathlib import Path

import yaml
from google.protobuf.descriptor import Descriptor, FieldDescriptor

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = ROOT / "protos" / "contract-snapshot.json"
ASYNCAPI = ROOT / "docs" / "asyncapi.yaml"
SERVICES = ["intake", "routing", "reply", "survey", "alerts", "eapply"]
# Services that publish the shared deadline events on their own exchange (time-limit control).
DEADLINE_PUBLISHERS = ["reply", "eapply", "alerts"]

_TYPE_NAMES = {v: k.removeprefix("TYPE_").lower() for k, v in vars(FieldDescriptor).items() if k.startswith("TYPE_")}


def _modules(service: str) -> list:
    mods = []
    for name in ("events_pb2", f"{service}_api_pb2"):
        mods.append(importlib.import_module(f"civicase.{service}.v1.{name}"))
    return mods


def _field_type(field: FieldDescriptor) -> str:
    if field.message_type is not None:
        return field.message_type.full_name
    if field.enum_type is not None:
        return field.enum_type.full_name
    return _TYPE_NAMES[field.type]


def _message_shape(desc: Descriptor) -> dict:
    return {
        str(f.number): {"name": f.name, "type": _field_type(f), "repeated": f.is_repeated}
        for f in desc.fields
    }


def snapshot() -> dict:
    messages: dict[str, dict] = {}
    enums: dict[str, dict] = {}
    rpcs: dict[str, dict] = {}
    modules = [m for s in SERVICES for m in _modules(s)]
    modules.append(importlib.import_module("civicase.common.v1.deadlines_pb2"))
    for module in modules:
        fd = module.DESCRIPTOR
        stack = list(fd.message_types_by_name.values())
        while stack:
            desc = stack.pop()
            if desc.GetOptions().map_entry:
                continue
            messages[desc.full_name] = _message_shape(desc)
            stack.extend(desc.nested_types)
        for enum in fd.enum_types_by_name.values():
            enums[enum.full_name] = {str(v.number): v.name for v in enum.values}
        for service in fd.services_by_name.values():
            rpcs[service.full_name] = {
                m.name: {"input": m.input_type.full_name, "output": m.output_type.full_name} for m in service.methods
            }
    return {"messages": dict(sorted(messages.items())), "enums": dict(sorted(enums.items())),
            "rpcs": dict(sorted(rpcs.items()))}


def breaking_changes(old: dict, new: dict) -> list[str]:
    """What ``new`` breaks of ``old``: additions are fine, removals and changes are not."""
    problems = []
    for msg, fields in old["messages"].items():
        if msg not in new["messages"]:
            problems.append(f"message {msg} was removed")
            continue
        for number, field in fields.items():
            now = new["messages"][msg].get(number)
            if now is None:
                problems.append(f"{msg} field {number} ({field['name']}) was removed — deprecate it instead")
            elif now != field:
                problems.append(f"{msg} field {number} changed from {field} to {now}")
    for enum, values in old["enums"].items():
        for number, name in values.items():
            if new["enums"].get(enum, {}).get(number) != name:
                problems.append(f"enum {enum} value {number} ({name}) was removed or renamed")
    for service, methods in old["rpcs"].items():
        for name, sig in methods.items():
            if new["rpcs"].get(service, {}).get(name) != sig:
                problems.append(f"rpc {service}/{name} was removed or its types changed")
    return problems


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _json_schema(desc: Descriptor, depth: int = 0) -> dict:
    props = {}
    for f in desc.fields:
        if f.message_type is not None and f.message_type.full_name == "google.protobuf.Timestamp":
            schema: dict = {"type": "string", "format": "date-time"}
        elif f.message_type is not None:
            schema = _json_schema(f.message_type, depth + 1) if depth < 3 else {"type": "object"}
        elif f.enum_type is not None:
            schema = {"type": "string", "enum": [v.name for v in f.enum_type.values]}
        elif f.type in (FieldDescriptor.TYPE_BOOL,):
            schema = {"type": "boolean"}
        elif f.type in (FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT):
            schema = {"type": "number"}
        elif f.type in (FieldDescriptor.TYPE_INT32, FieldDescriptor.TYPE_UINT32, FieldDescriptor.TYPE_SINT32):
            schema = {"type": "integer"}
        elif f.type in (FieldDescriptor.TYPE_INT64, FieldDescriptor.TYPE_UINT64):
            schema = {"type": "string", "description": "64-bit integer as a string (proto3 JSON)"}
        else:
            schema = {"type": "string"}
        if f.is_repeated:
            schema = {"type": "array", "items": schema}
        props[f.name] = schema
    return {"type": "object", "properties": props}


def asyncapi() -> dict:
    channels: dict = {}
    common = importlib.import_module("civicase.common.v1.deadlines_pb2").DESCRIPTOR
    for service in SERVICES:
        events = importlib.import_module(f"civicase.{service}.v1.events_pb2").DESCRIPTOR
        descs = list(events.message_types_by_name.values())
        if service in DEADLINE_PUBLISHERS:
            descs += list(common.message_types_by_name.values())
        for desc in descs:
            key = _snake(desc.name)
            channels[f"{service}.events/{key}"] = {
                "description": f"Exchange `{service}.events` (topic, durable), routing key `{key}`.",
                "subscribe": {
                    "operationId": f"{service}_{key}",
                    "message": {
                        "name": key,
                        "contentType": "application/json",
                        "headers": {"type": "object", "properties": {
                            "nameko.correlation_id": {"type": "string"}}},
                        "payload": {
                            "type": "object",
                            "description": "CloudEvents 1.0 envelope; AMQP message_id = id",
                            "properties": {
                                "specversion": {"const": "1.0"}, "id": {"type": "string"},
                                "source": {"const": f"/civicase/{service}"}, "type": {"const": key},
                                "subject": {"type": "string", "description": "case or application number"},
                                "time": {"type": "string", "format": "date-time"},
                                "dataschema": {"const": desc.full_name},
                                "data": _json_schema(desc),
                            },
                        },
                    },
                },
            }
    return {
        "asyncapi": "2.6.0",
        "info": {"title": "civicase events", "version": "1.0.0",
                 "description": "Facts published by civicase services (generated by scripts/contracts.py)."},
        "defaultContentType": "application/json",
        "servers": {"local": {"url": "localhost:5672", "protocol": "amqp"}},
        "channels": dict(sorted(channels.items())),
    }


def render_asyncapi() -> str:
    return "# Generated by scripts/contracts.py from protos/ — do not edit by hand.\n" + yaml.safe_dump(
        asyncapi(), allow_unicode=True, sort_keys=False, width=110)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="refresh the snapshot and docs/asyncapi.yaml")
    args = parser.parse_args()
    current = snapshot()
    if SNAPSHOT.exists():
        problems = breaking_changes(json.loads(SNAPSHOT.read_text()), current)
        if problems:
            print("breaking changes:\n  " + "\n  ".join(problems), file=sys.stderr)
            return 1
    if args.write:
        SNAPSHOT.write_text(json.dumps(current, indent=1, ensure_ascii=False) + "\n")
        ASYNCAPI.write_text(render_asyncapi())
        print(f"wrote {SNAPSHOT.relative_to(ROOT)} and {ASYNCAPI.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
